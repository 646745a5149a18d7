namespace ProbeHarness.Conformance;

/// <summary>
/// The `stap` that conformance tests find first on their PATH. Suites call stap themselves (a
/// .meta line, a `#! /bin/sh` test), so the harness cannot pass it arguments; this shim adds the
/// kernel under test (-r, -R, -a ...) to every call, and keeps the host safe: pass 5 never runs
/// here. In "check" mode a pass-5 call is refused; in "record" mode it is built to pass 4 and its
/// module and staprun arguments are recorded, to be run later in a guest by the guest's shim.
/// </summary>
public static class StapShim
{
    public const string RecordVariable = "PH_STAP_RECORD";

    /// <summary>
    /// Writes the shim as DIR/stap and returns DIR, for the front of PATH. Parallel tests share one
    /// shim while bash is reading it (bash reads a script as it runs): it is replaced by rename, never
    /// rewritten in place, so a running shim never sees a truncated file.
    /// </summary>
    public static string Write(string directory, string realStap, IReadOnlyList<string> targetArgs)
    {
        WriteExecutable(Path.Combine(directory, "stap"), Text(realStap, targetArgs));
        return directory;
    }

    /// <summary>An executable script at <paramref name="path"/> with <paramref name="text"/>, put in place by rename (unchanged text is left alone).</summary>
    public static void WriteExecutable(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        var tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(tmp, text);
        File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>util-linux getopt, by absolute path: a test that puts its own getopt first on PATH cannot change how stap's options read.</summary>
    public static string Getopt => Processes.Tool.Which("getopt") is { } g ? g : "/usr/bin/getopt";

    /// <summary>
    /// The shim's bash. It reads the command line with stap's own grammar (<see cref="StapOptions"/>)
    /// through getopt, i.e. glibc's getopt_long as stap does, so `-Wp2` is -W then -p2 and `-Dp2` is a
    /// macro named p2. The pass is the last -p; none means 5. Passes 1-4, listings and -V/-h reach the
    /// real stap with the arguments exactly as given; a -p stap refuses (not 1-5) goes to stap too, to be
    /// refused there; pass 5, or a -p that only reads as 5 in doubt, never runs on the host.
    /// </summary>
    public static string Text(string realStap, IReadOnlyList<string> targetArgs) => Text(realStap, targetArgs, Getopt);

    public static string Text(string realStap, IReadOnlyList<string> targetArgs, string getopt) => $$"""
        #!/bin/bash
        # Written by Probe Harness: stap for the kernel under test (see harness/Conformance/StapShim.cs).
        real={{Shell.Sh.Quote(realStap)}}
        target=({{string.Join(' ', targetArgs.Select(Shell.Sh.Quote))}})
        # stap's grammar (harness/Conformance/StapOptions.cs), read by the glibc getopt_long stap itself uses.
        short={{Shell.Sh.Quote(StapOptions.Short)}}
        long={{Shell.Sh.Quote(StapOptions.LongSpec)}}
        withArg={{Shell.Sh.Quote(StapOptions.ShortWithArgument)}}
        longWithArg={{Shell.Sh.Quote(" " + string.Join(' ', StapOptions.Long.Where(o => o.Argument != OptionArgument.None).Select(o => o.Name)) + " ")}}
        longOptional={{Shell.Sh.Quote(" " + string.Join(' ', StapOptions.Long.Where(o => o.Argument == OptionArgument.Optional).Select(o => o.Name)) + " ")}}
        args=("$@")
        if ! norm=$({{Shell.Sh.Quote(getopt)}} -n stap -o "$short" -l "$long" -- "$@"); then
            echo "ph-stap: stap's option parser refuses this command line" >&2
            exit 1
        fi
        eval "set -- $norm"
        pass= listing= print= run=() opts=()
        while (( $# )); do
            o=$1; shift
            [[ $o == -- ]] && break
            has= v=
            if [[ $o == --* ]]; then [[ $longWithArg == *" ${o:2} "* ]] && has=1
            elif [[ $withArg == *"${o:1}"* ]]; then has=1; fi
            [[ -n $has ]] && { v=$1; shift; }
            case $o in
            -p) pass=$v ;;
            {{string.Join('|', StapOptions.Listing)}}) listing=1 ;;
            {{string.Join('|', StapOptions.PrintOnly)}}) print=1 ;;
            -c|-x|-o|-S) run+=("$o" "$v") ;;
            -b) run+=(-b) ;;
            esac
            # The same options for record mode's build, which ends at pass 4 whatever -p said.
            if [[ $o == -p ]]; then :
            elif [[ $longOptional == *" ${o:2} "* ]]; then if [[ -n $v ]]; then opts+=("$o=$v"); else opts+=("$o"); fi
            elif [[ -n $has ]]; then opts+=("$o" "$v")
            else opts+=("$o"); fi
        done
        operands=("$@")
        host=
        if [[ -n $print ]]; then host=1
        elif [[ -z $pass ]]; then host=$listing
        elif [[ $pass =~ ^[0-9]{1,9}$ ]] && (( 10#$pass != 5 )); then host=1
        fi
        export SYSTEMTAP_DIR=${SYSTEMTAP_DIR:-$HOME/.systemtap}
        if [[ -n $host ]]; then
            if [[ -n ${{{RecordVariable}}} ]]; then
                h=$(( $(cat "${{{RecordVariable}}}/host" 2>/dev/null || echo 0) + 1 ))
                echo $h > "${{{RecordVariable}}}/host"
            fi
            exec "$real" "${target[@]}" "${args[@]}"
        fi
        if [[ -z ${{{RecordVariable}}} ]]; then
            echo "ph-stap: pass 5 (loading the module) never runs on the host; this test needs a guest" >&2
            exit 125
        fi
        out=$("$real" "${target[@]}" "${opts[@]}" -p4 -- "${operands[@]}")
        rc=$?
        [[ $rc -eq 0 ]] || exit $rc
        ko=$(printf '%s\n' "$out" | grep '\.ko$' | tail -1)
        [[ -n $ko && $ko != /* ]] && ko=$PWD/$ko
        if [[ ! -f $ko ]]; then echo "ph-stap: stap made no module" >&2; exit 1; fi
        n=$(( $(cat "${{{RecordVariable}}}/count" 2>/dev/null || echo 0) + 1 ))
        echo $n > "${{{RecordVariable}}}/count"
        cp "$ko" "${{{RecordVariable}}}/"
        printf '%q ' "${run[@]}" "/tmp/ph/mods/${ko##*/}" > "${{{RecordVariable}}}/$n.args"
        exit 0
        """;

    /// <summary>The guest's stap: the Nth call runs the Nth module the host recorded, with staprun.</summary>
    public const string GuestText = """
        #!/bin/sh
        # Written by Probe Harness: runs modules built on the host for this test, in call order.
        d=/tmp/ph/mods
        n=$(( $(cat $d/next 2>/dev/null || echo 0) + 1 ))
        echo $n > $d/next
        if [ ! -f $d/$n.args ]; then echo "ph-stap: no module was built for stap call $n" >&2; exit 1; fi
        eval "set -- $(cat $d/$n.args)"
        exec staprun "$@"
        """;
}
