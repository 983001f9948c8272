using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// Opens a drop file only if it is a regular file, without following a link. A symbolic link would let a
/// drop folder read any file the service account can (and pass the change check padded to its target's size);
/// opening a named pipe would block the run until something writes to it. On Unix the file is opened with
/// O_NOFOLLOW and O_NONBLOCK, so neither a link swapped in after the check nor a pipe gets through.
/// </summary>
public static class RegularFile
{
    /// <summary>Why the entry cannot be a drop file, or null for a regular file (checked without opening it).</summary>
    public static string? NotRegular(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            return "it is a symbolic link: drop folders take regular files only (copy the file in instead)";
        }

        return info.Exists ? null : "it is not a regular file";
    }

    /// <summary>Opens the file for reading; an entry that is not a regular file throws <see cref="NotARegularFileException"/>.</summary>
    public static FileStream OpenRead(string path, int bufferSize = 64 * 1024)
    {
        if (NotRegular(path) is { } reason) throw new NotARegularFileException(path, reason);
        if (OperatingSystem.IsWindows()) return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize, FileOptions.SequentialScan);

        var handle = new SafeFileHandle(open(path, ReadFlags), ownsHandle: true);
        if (handle.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw errno == (OperatingSystem.IsMacOS() ? 62 : 40) // ELOOP: the last component is a link
                ? new NotARegularFileException(path, "it is a symbolic link: drop folders take regular files only (copy the file in instead)")
                : new IOException($"{path} could not be opened: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var stream = new FileStream(handle, FileAccess.Read, bufferSize);
        // A pipe or socket cannot seek; a regular file can.
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new NotARegularFileException(path, "it is a named pipe or other special file: drop folders take regular files only");
        }

        return stream;
    }

    // Linux x64 and arm64 share O_NONBLOCK (04000) and O_CLOEXEC (02000000); O_NOFOLLOW is 0400000 on x64 and 0100000 on arm64; macOS has its own.
    private static int ReadFlags => OperatingSystem.IsMacOS() ? 0x0004 | 0x0100 | 0x1000000
        : RuntimeInformation.OSArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x800 | 0x8000 | 0x80000
        : 0x800 | 0x20000 | 0x80000;

    // Unix paths are UTF-8 bytes: the string is marshalled as UTF-8 explicitly, which CA2101's advice (UTF-16) would break.
#pragma warning disable CA2101
    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
#pragma warning restore CA2101
}

/// <summary>A drop-folder entry that is not a regular file: it is moved to rejected/, never read.</summary>
public sealed class NotARegularFileException(string path, string reason) : IOException($"{Path.GetFileName(path)}: {reason}")
{
    public string Reason { get; } = reason;
}
