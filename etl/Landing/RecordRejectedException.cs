namespace Warehouse.Etl.Landing;

/// <summary>A record failed validation: it goes to etl.quarantine with this reason and the batch goes on.</summary>
public sealed class RecordRejectedException : Exception
{
    public RecordRejectedException(string reason) : base(reason) { }

    public RecordRejectedException() { }

    public RecordRejectedException(string message, Exception innerException) : base(message, innerException) { }
}
