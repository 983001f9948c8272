using LinqToDB;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;

namespace Warehouse.Etl.Reconciliation;

/// <summary>
/// The lead funnel and opportunities that HubSpot and Salesforce both fill: each source's rows are those its own loads
/// wrote (<c>load_id</c> in etl.load under the instance key), those not archived or deleted, as the sources' counts leave them out.
/// </summary>
internal static class CrmFacts
{
    public static IQueryable<HeldRecord> Leads(IDataContext db, string instanceKey) =>
        from f in db.GetTable<FactLeadFunnel>()
        join l in db.GetTable<EtlLoad>() on f.LoadId equals l.LoadId
        where l.Source == instanceKey && !f.IsArchived
        select new HeldRecord { DateKey = f.LeadDateKey, LoadId = f.LoadId };

    public static IQueryable<HeldRecord> Opportunities(IDataContext db, string instanceKey) =>
        from f in db.GetTable<FactOpportunity>()
        join l in db.GetTable<EtlLoad>() on f.LoadId equals l.LoadId
        where l.Source == instanceKey && !f.IsArchived
        select new HeldRecord { DateKey = f.CreatedDateKey, LoadId = f.LoadId };
}
