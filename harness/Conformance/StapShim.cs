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
    /// <summary>stap's short options that take an argument (cmdline.cxx's getopt string), for finding -p in "-gp4".</summary>
    public const string OptionsWithArgument = "pIeEoRramcxDsldLSBGTJW";

    public const string RecordVariable = "PH_STAP_RECORD";

    /// <summary>Writes the shim as DIR/stap and returns DIR, for the front of PATH.</summary>
    public static string Write(string directory, string realStap, IReadOnlyList<string> targetArgs)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "stap");
        File.WriteAllText(path, Text(realStap, targetArgs));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return directory;
    }

    public static string Text(string realStap, IReadOnlyList<string> targetArgs) => $$"""
        #!/bin/bash
        # Written by Probe Harness: stap for the kernel under test (see harness/Conformance/StapShim.cs).
        real={{Shell.Sh.Quote(realStap)}}
        target=({{string.Join(' ', targetArgs.Select(Shell.Sh.Quote))}})
        withArg={{OptionsWithArgument}}
        pass=5 listing= run=()
        args=("$@") i=0
        while (( i < ${#args[@]} )); do
            a=${args[i]}; i=$((i+1))
            case $a in
            --) break ;;
            --*) ;;
            -?*)
                s=${a:1}
                while [[ -n $s ]]; do
                    c=${s:0:1}; s=${s:1}
                    if [[ $withArg == *"$c"* ]]; then
                        v=$s; s=
                        if [[ -z $v ]]; then v=${args[i]}; i=$((i+1)); fi
                        case $c in
                        p) pass=$v ;;
                        l|L) listing=1 ;;
                        c|x|o|S) run+=("-$c" "$v") ;;
                        esac
                    else
                        case $c in V|h) listing=1 ;; b) run+=(-b) ;; esac
                    fi
                done ;;
            esac
        done
        export SYSTEMTAP_DIR=${SYSTEMTAP_DIR:-$HOME/.systemtap}
        if [[ -n $listing || $pass -le 4 ]]; then
            if [[ -n ${{{RecordVariable}}} ]]; then
                h=$(( $(cat "${{{RecordVariable}}}/host" 2>/dev/null || echo 0) + 1 ))
                echo $h > "${{{RecordVariable}}}/host"
            fi
            exec "$real" "${target[@]}" "$@"
        fi
        if [[ -z ${{{RecordVariable}}} ]]; then
            echo "ph-stap: pass 5 (loading the module) never runs on the host; this test needs a guest" >&2
            exit 125
        fi
        out=$("$real" "${target[@]}" "$@" -p4)
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
