using System.Security.Cryptography;

namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// A drop file read once, hashing exactly the bytes that pass, so the recorded hash is that of what was loaded, and
/// counting its records from the same bytes when given a counter.
/// </summary>
public sealed class HashingFileStream(FileStream file, FileRecordCounter? counter = null) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long length;

    /// <summary>Reads what is left, then gives the SHA-256 (lower-case hex) and the length of all bytes read.</summary>
    public (string Hash, long Length) Finish()
    {
        var rest = new byte[64 * 1024];
        while (Read(rest, 0, rest.Length) > 0) { }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = file.Read(buffer);
        hash.AppendData(buffer[..n]);
        counter?.Add(buffer[..n]);
        length += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await file.ReadAsync(buffer, cancellationToken);
        hash.AppendData(buffer.Span[..n]);
        counter?.Add(buffer.Span[..n]);
        length += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => file.Length;
    public override long Position { get => length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
