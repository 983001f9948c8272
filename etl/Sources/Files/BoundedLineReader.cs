namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// Reads a drop file's physical lines with a bound on each: a line longer than <c>maxLength</c> characters is
/// cut to it and flagged, and the rest of it is skipped unread into memory, so one 150 MB line costs no more
/// than the bound. The caller owns the inner reader.
/// </summary>
public sealed class BoundedLineReader(TextReader inner, int maxLength)
{
    private readonly char[] block = new char[16 * 1024];
    private readonly System.Text.StringBuilder line = new();
    private int bufferLength;
    private int bufferPosition;
    private bool innerEnded;

    /// <summary>The next line without its line break (and a trailing CR), or null at the end; TooLong when it was cut.</summary>
    public (string Text, bool TooLong)? Next()
    {
        var text = line.Clear();
        var tooLong = false;
        while (true)
        {
            if (bufferPosition == bufferLength)
            {
                if (innerEnded || (bufferLength = inner.Read(block, 0, block.Length)) == 0)
                {
                    innerEnded = true;
                    bufferLength = bufferPosition = 0;
                    return text.Length == 0 && !tooLong ? null : (Trim(text), tooLong);
                }

                bufferPosition = 0;
            }

            var end = Array.IndexOf(block, '\n', bufferPosition, bufferLength - bufferPosition);
            var stop = end < 0 ? bufferLength : end;
            var room = maxLength - text.Length;
            if (stop - bufferPosition > room) tooLong = true;
            text.Append(block, bufferPosition, Math.Min(stop - bufferPosition, Math.Max(room, 0)));
            bufferPosition = stop;
            if (end >= 0)
            {
                bufferPosition++;
                return (Trim(text), tooLong);
            }
        }
    }

    private static string Trim(System.Text.StringBuilder text) =>
        text.Length > 0 && text[^1] == '\r' ? text.ToString(0, text.Length - 1) : text.ToString();
}
