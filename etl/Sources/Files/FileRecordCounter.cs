namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// Counts a drop file's records from its bytes as they pass, independently of the parser that loads them, so that a
/// file's accounting (records read = landed + quarantined + header + blank) is a check, not a restatement. CSV
/// (RFC 4180): a line break ends a record unless it is inside a quoted field (a quote opens one only at a field's start;
/// two quotes inside are one), and <c>\r\n</c>, <c>\n</c> and a lone <c>\r</c> are line breaks, as the CSV reader takes
/// them; a record with no byte at all is blank. JSON lines: <c>\n</c> ends a line; a line of ASCII white space is blank.
/// A byte-order mark is not content.
/// </summary>
public sealed class FileRecordCounter(bool csv)
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private long position;
    private int bom;
    private bool content, inQuotes, quoteClosing, fieldStart = true, afterCr;

    /// <summary>Records with content (for CSV the header among them).</summary>
    public long Records { get; private set; }

    /// <summary>Blank records (empty lines; white-space lines in JSON lines).</summary>
    public long Blank { get; private set; }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            var at = position++;
            if (at < 3 && bom == at && b == Bom[at])
            {
                bom++;
                continue;
            }

            if (bom is 1 or 2)
            {
                // Not a byte-order mark after all: the bytes held back were text.
                content = true;
                fieldStart = false;
                bom = 3;
            }

            if (csv) Csv(b);
            else Json(b);
        }
    }

    /// <summary>The counts once every byte was added: a last record without a line break counts too.</summary>
    public (long Records, long Blank) Finish()
    {
        if (content || inQuotes) Records++;
        content = false;
        inQuotes = false;
        return (Records, Blank);
    }

    private void Json(byte b)
    {
        if (b == (byte)'\n')
        {
            End();
            return;
        }

        if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or 0x0B or 0x0C)) content = true;
    }

    private void Csv(byte b)
    {
        if (afterCr)
        {
            afterCr = false;
            if (b == (byte)'\n') return;
        }

        if (inQuotes)
        {
            if (quoteClosing)
            {
                quoteClosing = false;
                if (b == (byte)'"') return; // an escaped quote
                inQuotes = false;          // the field's closing quote: this byte is outside it
            }
            else
            {
                if (b == (byte)'"') quoteClosing = true;
                return;
            }
        }

        switch (b)
        {
            case (byte)'\n' or (byte)'\r':
                afterCr = b == (byte)'\r';
                End();
                fieldStart = true;
                return;
            case (byte)',':
                content = true;
                fieldStart = true;
                return;
            case (byte)'"' when fieldStart:
                content = true;
                inQuotes = true;
                fieldStart = false;
                return;
            default:
                content = true;
                fieldStart = false;
                return;
        }
    }

    private void End()
    {
        if (content) Records++;
        else Blank++;
        content = false;
    }
}
