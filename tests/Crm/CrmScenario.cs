using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.HubSpotRecords;

namespace Warehouse.Tests.Crm;

/// <summary>
/// March 2026 in the CRM. Owners Olga (2000, Inbound), Pablo (2001, Enterprise).
/// L1 created 2 Mar → MQL 3 → opportunity 5 → customer 20 (deal D1 created 5 Mar 12:00, won 20 Mar 00:00: 14.5 days).
/// L2 created 4 Mar → opportunity 10 (deal D2 lost 25 Mar). L3 created 8 Mar, a lead only. L4 created 9 Mar, archived.
/// L5 created 12 Mar, no stage dates, but deal D5 created 14 Mar (open, contract sent). 150 February leads fill the pages.
/// </summary>
internal static class CrmScenario
{
    public static DateTime At(int day, int hour = 9) => new(2026, 3, day, hour, 0, 0, DateTimeKind.Utc);

    public static void Fill(HubSpotTestSource crm)
    {
        crm.Owners.AddRange([Owner(2000, "Olga", "Inbound"), Owner(2001, "Pablo", "Enterprise")]);
        crm.Contacts.AddRange(Enumerable.Range(0, 150).Select(i => Contact(50_000 + i, $"filler{i}@example.com", new DateTime(2026, 2, 1, 9, 0, 0, DateTimeKind.Utc).AddHours(i))));
        crm.Contacts.Add(Contact(1, " A@Example.com", At(2), mql: At(3), opportunity: At(5), customer: At(20), updated: At(20)));
        crm.Contacts.Add(Contact(2, "b@example.com", At(4), opportunity: At(10), updated: At(10), source: "PAID_SEARCH", owner: 2001));
        crm.Contacts.Add(Contact(3, "c@example.com", At(8)));
        crm.Contacts.Add(Contact(4, "d@example.com", At(9), archived: true));
        crm.Contacts.Add(Contact(5, "e@example.com", At(12), owner: 2001));
        crm.Deals.Add(Deal(101, 1, At(5, 12), "closedwon", closed: At(20, 0), amount: 1200m));
        crm.Deals.Add(Deal(102, 2, At(10), "closedlost", closed: At(25), owner: 2001));
        crm.Deals.Add(Deal(105, 5, At(14), "contractsent", owner: 2001));
    }
}
