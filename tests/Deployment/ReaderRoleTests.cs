using Npgsql;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Deployment;

/// <summary>The reader role on a real PostgreSQL: it reads the bi, kpi and exec views and nothing else.</summary>
public sealed class ReaderRoleTests
{
    [Test]
    public async Task The_reader_role_selects_from_the_views_and_is_refused_stg_etl_and_dw()
    {
        var server = await PostgresServer.GetAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (name, role, login) = ("reader_" + suffix, "reader_role_" + suffix, "reader_login_" + suffix);
        await server.ExecuteAsync($"CREATE DATABASE {name}");
        try
        {
            var database = new WarehouseDatabase(EngineKind.PostgreSql, server.ConnectionString(name));
            await new WarehouseDeployer(database, new WarehouseSettings { CalendarStart = new DateOnly(2026, 1, 1), CalendarEnd = new DateOnly(2026, 12, 31) }).DeployAsync();
            foreach (var statement in ReaderRoleScript.Statements(SqlDialect.For(EngineKind.PostgreSql), role)) await server.ExecuteAsync(statement, name);
            await server.ExecuteAsync($"CREATE ROLE {login} LOGIN IN ROLE {role}");

            // A later deploy recreates the views; the default privileges keep them readable.
            await new WarehouseDeployer(database, new WarehouseSettings { CalendarStart = new DateOnly(2026, 1, 1), CalendarEnd = new DateOnly(2026, 12, 31) }).DeployAsync();

            var asReader = new NpgsqlConnectionStringBuilder(server.ConnectionString(name)) { Username = login, Pooling = false }.ConnectionString;
            await using var connection = new NpgsqlConnection(asReader);
            await connection.OpenAsync();
            async Task<string?> SelectAsync(string relation)
            {
                await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {relation}", connection);
                try { await command.ExecuteScalarAsync(); return null; }
                catch (PostgresException ex) { return ex.SqlState; }
            }

            Assert.Multiple(async () =>
            {
                foreach (var view in new[] { "exec.kpi_scorecard", "exec.kpi_trend", "exec.follow_up", "kpi.kpi_value", "kpi.nps", "bi.customer_360", "bi.order_line" })
                {
                    Assert.That(await SelectAsync(view), Is.Null, view);
                }

                foreach (var table in new[] { "stg.shopify_order_line", "etl.load", "etl.quarantine", "dw.fact_order_line", "dw.dim_customer" })
                {
                    Assert.That(await SelectAsync(table), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), table);
                }
            });
        }
        finally
        {
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await server.ExecuteAsync($"DROP ROLE IF EXISTS {login}");
            await server.ExecuteAsync($"DROP ROLE IF EXISTS {role}");
        }
    }
}
