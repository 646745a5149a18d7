using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.GuestModules;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.GuestModules;

public class ModuleBuilderTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("ph-modules-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, true);

    private static KernelImage Kernel(string arch = "x86_64", string? buildDir = "/tree", string content = "key") =>
        new("bookworm", "6.1.0-56-amd64", "6.1.0-56", "amd64", "6.1.192-2", ArchTable.Get(arch),
            "/nonexistent/vmlinuz", null, null, buildDir, null, content);

    private string Source(string name = "demo", string code = "int x;\n")
    {
        var dir = Path.Combine(_root, "src", name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Kbuild"), $"obj-m := {name}.o\n");
        File.WriteAllText(Path.Combine(dir, $"{name}.c"), code);
        return dir;
    }

    /// <summary>Stands in for kbuild: records the calls and writes NAME.ko into M=.</summary>
    private sealed class FakeCompiler(string identity = "fake gcc 1", bool produce = true) : IModuleCompiler
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];
        public Task<string> IdentityAsync(CancellationToken ct) => Task.FromResult(identity);
        public Task MakeAsync(IReadOnlyList<string> args, string moduleDir, CancellationToken ct)
        {
            Calls.Add(args);
            var m = args.Single(a => a.StartsWith("M=")).Substring(2);
            Assert.That(m, Is.EqualTo(moduleDir));
            if (produce)
                foreach (var c in Directory.GetFiles(m, "*.c"))
                    File.WriteAllText(Path.ChangeExtension(c, ".ko"), "ELF " + File.ReadAllText(c));
            return Task.CompletedTask;
        }
    }

    [Test]
    public void Make_arguments_cross_compile_only_for_a_foreign_arch()
    {
        var host = ModuleBuilder.MakeArguments("/tree", "/m", ArchTable.Get(ArchTable.HostName));
        Assert.That(host, Is.EqualTo(new[] { "-s", "-C", "/tree", "M=/m", "CONFIG_DEBUG_INFO_BTF_MODULES=", "modules" }));
        var arm = ModuleBuilder.MakeArguments("/tree", "/m", ArchTable.Get("arm64"));
        Assert.That(arm, Does.Contain("ARCH=arm64").And.Contain("CROSS_COMPILE=aarch64-linux-gnu-"));
        Assert.That(arm[^1], Is.EqualTo("modules"));
    }

    [Test]
    public async Task Builds_once_and_serves_the_cached_ko_after()
    {
        var compiler = new FakeCompiler();
        var builder = new ModuleBuilder(new HarnessCache(Path.Combine(_root, "cache")), _ => compiler);
        var source = ModuleSource.Load(Source());
        var first = await builder.BuildAsync(source, Kernel(), CancellationToken.None);
        var second = await builder.BuildAsync(source, Kernel(), CancellationToken.None);
        Assert.That(compiler.Calls, Has.Count.EqualTo(1));
        Assert.That(second.KoPath, Is.EqualTo(first.KoPath));
        Assert.That(File.ReadAllText(first.KoPath), Is.EqualTo("ELF int x;\n"));
        Assert.That(first.KoPath, Does.Contain(Path.Combine("guest-modules", first.Key)));
        Assert.That(first.GuestPath, Is.EqualTo("/usr/lib/probe-harness/modules/demo.ko"));
        // The sources were built in a copy: nothing was written beside them.
        Assert.That(Directory.GetFiles(source.Directory), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task A_change_of_source_kernel_arch_or_compiler_is_another_build()
    {
        var cache = new HarnessCache(Path.Combine(_root, "cache"));
        async Task<string> Key(string code, KernelImage k, string compiler) =>
            (await new ModuleBuilder(cache, _ => new FakeCompiler(compiler)).KeyAsync(ModuleSource.Load(Source(code: code)), k, CancellationToken.None)).Value;
        var baseKey = await Key("int x;\n", Kernel(), "gcc 12");
        Assert.That(await Key("int x;\n", Kernel(), "gcc 12"), Is.EqualTo(baseKey));
        Assert.That(await Key("int y;\n", Kernel(), "gcc 12"), Is.Not.EqualTo(baseKey));
        Assert.That(await Key("int x;\n", Kernel(content: "other headers"), "gcc 12"), Is.Not.EqualTo(baseKey));
        Assert.That(await Key("int x;\n", Kernel(arch: "arm64"), "gcc 12"), Is.Not.EqualTo(baseKey));
        Assert.That(await Key("int x;\n", Kernel(), "gcc 14"), Is.Not.EqualTo(baseKey));
    }

    [Test]
    public void A_build_that_leaves_no_ko_fails_and_caches_nothing()
    {
        var cache = new HarnessCache(Path.Combine(_root, "cache"));
        var builder = new ModuleBuilder(cache, _ => new FakeCompiler(produce: false));
        var e = Assert.ThrowsAsync<InfrastructureException>(() => builder.BuildAsync(ModuleSource.Load(Source()), Kernel(), CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("left no demo.ko"));
        Assert.That(Directory.GetDirectories(Path.Combine(cache.Root, ModuleBuilder.CacheKind)), Is.Empty);
    }

    [Test]
    public void A_kernel_without_headers_is_refused_with_the_module_named()
    {
        var builder = new ModuleBuilder(new HarnessCache(Path.Combine(_root, "cache")), _ => new FakeCompiler());
        var e = Assert.ThrowsAsync<InfrastructureException>(() => builder.BuildAsync(ModuleSource.Load(Source()), Kernel(buildDir: null), CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("module demo"));
    }

    [Test]
    public void Bookworm_kernels_build_on_the_host_and_trixie_kernels_in_its_container()
    {
        var cache = new HarnessCache(Path.Combine(_root, "cache"));
        Assert.That(ModuleBuilder.CompilerFor(cache, Kernel()), Is.TypeOf<HostModuleCompiler>());
        var trixie = Kernel() with { Distro = "trixie", Release = "6.12.57+deb13-amd64" };
        Assert.That(ModuleBuilder.CompilerFor(cache, trixie), Is.TypeOf<ContainerModuleCompiler>());
    }
}

public class ModuleBuilderDamageTests
{
    private sealed class CountingCompiler : IModuleCompiler
    {
        public int Builds;
        public Task<string> IdentityAsync(CancellationToken ct) => Task.FromResult("fake gcc");
        public Task MakeAsync(IReadOnlyList<string> args, string moduleDir, CancellationToken ct)
        {
            Builds++;
            File.WriteAllText(Path.Combine(moduleDir, "demo.ko"), "ELF a whole module " + new string('x', 100));
            return Task.CompletedTask;
        }
    }

    [Test]
    public async Task A_truncated_cached_module_is_built_again_and_never_served()
    {
        var root = Directory.CreateTempSubdirectory("ph-modules-damage-").FullName;
        try
        {
            var src = Path.Combine(root, "src", "demo");
            Directory.CreateDirectory(src);
            File.WriteAllText(Path.Combine(src, "Kbuild"), "obj-m := demo.o\n");
            File.WriteAllText(Path.Combine(src, "demo.c"), "int x;\n");
            var kernel = new ProbeHarness.Kernels.KernelImage("bookworm", "6.1.0-56-amd64", "6.1.0-56", "amd64", "6.1.192-2",
                ProbeHarness.Architectures.ArchTable.Get("x86_64"), "/nonexistent/vmlinuz", null, null, "/tree", null, "key");
            var compiler = new CountingCompiler();
            var builder = new ModuleBuilder(new ProbeHarness.Caching.HarnessCache(Path.Combine(root, "cache")), _ => compiler);
            var first = await builder.BuildAsync(ModuleSource.Load(src), kernel, CancellationToken.None);
            var whole = File.ReadAllText(first.KoPath);
            Assert.That(ModuleBuilder.Damaged(Path.GetDirectoryName(first.KoPath)!, "demo.ko"), Is.Null);
            using (var s = new FileStream(first.KoPath, FileMode.Open, FileAccess.Write)) s.SetLength(10);
            Assert.That(ModuleBuilder.Damaged(Path.GetDirectoryName(first.KoPath)!, "demo.ko"), Does.Contain("not the module that was built"));
            var again = await builder.BuildAsync(ModuleSource.Load(src), kernel, CancellationToken.None);
            Assert.That(compiler.Builds, Is.EqualTo(2));
            Assert.That(File.ReadAllText(again.KoPath), Is.EqualTo(whole));
            await builder.BuildAsync(ModuleSource.Load(src), kernel, CancellationToken.None);
            Assert.That(compiler.Builds, Is.EqualTo(2), "a sound entry is served as it is");
        }
        finally { Directory.Delete(root, true); }
    }
}
