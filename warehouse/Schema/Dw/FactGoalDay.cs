using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>
/// Web goals per day (an aggregate of the sessions, kept by the KPI refresh): for every day with sessions
/// and every goal, the day's sessions, those that completed the goal and those that completed any goal.
/// Goal completion reads a few rows per day instead of every session.
/// </summary>
[Table(Schema = Areas.Dw, Name = "fact_goal_day")]
public sealed class FactGoalDay
{
    [Column("date_key", CanBeNull = false), PrimaryKey]
    public int DateKey { get; set; }

    [Column("goal_name", Length = 100, CanBeNull = false), PrimaryKey]
    public string GoalName { get; set; } = "";

    [Column("sessions", CanBeNull = false)]
    public int Sessions { get; set; }

    [Column("completed_sessions", CanBeNull = false)]
    public int CompletedSessions { get; set; }

    [Column("any_goal_sessions", CanBeNull = false)]
    public int AnyGoalSessions { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
