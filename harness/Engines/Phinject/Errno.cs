namespace ProbeHarness.Engines.Phinject;

/// <summary>
/// The errno names an injection script may use, with Linux's numbers (the same on every
/// architecture the harness runs). The workloads print these names for what they got back.
/// </summary>
public static class Errno
{
    public static readonly IReadOnlyDictionary<string, int> Numbers = new Dictionary<string, int>
    {
        ["EPERM"] = 1, ["ENOENT"] = 2, ["EINTR"] = 4, ["EIO"] = 5, ["EBADF"] = 9, ["EAGAIN"] = 11,
        ["ENOMEM"] = 12, ["EACCES"] = 13, ["EFAULT"] = 14, ["EEXIST"] = 17, ["EINVAL"] = 22,
        ["ENFILE"] = 23, ["EMFILE"] = 24, ["EFBIG"] = 27, ["ENOSPC"] = 28, ["EOVERFLOW"] = 75, ["EAFNOSUPPORT"] = 97,
    };
}
