using System.Net;
using System.Security;
using Warehouse.Engines;
using Warehouse.Deployment;
using Warehouse.Schema;
using Microsoft.OData.Edm;

namespace Warehouse.Jobs.PowerBi;

/// <summary>
/// Excel connection files (.odc, Office Data Connection, [MS-ODCFF]): HTML whose <c>&lt;xml id=msodc&gt;</c> island holds
/// the connection. A SQL Server view is an OLE DB connection through the OLE DB Driver for SQL Server (MSOLEDBSQL,
/// Windows authentication) with the view as a table command; a PostgreSQL view and an OData entity set are Power
/// Query connections (provider Microsoft.Mashup.OleDb.1) whose M formula reads them, as Excel writes when a query
/// is exported as a connection file. No password is ever written: Excel asks for it.
/// </summary>
internal sealed class OdcFiles(EngineKind engine, string server, string database, Uri feed)
{
    /// <summary>The entity sets the OData feed serves, from its own model.</summary>
    public static IEnumerable<string> FeedSets => Feed.FeedModel.Build().EntityContainer.EntitySets().Select(s => s.Name);

    /// <summary>The exec and kpi views the warehouse deploys, and the KPI results table, as (schema, name).</summary>
    public static IEnumerable<(string Schema, string View)> Views =>
        WarehouseViews.All(SqlDialect.For(EngineKind.SqlServer), new WarehouseSettings())
            .Where(v => v.Schema is Areas.Exec or Areas.Kpi)
            .Select(v => (v.Schema, v.Name))
            .Append((Areas.Kpi, LinqToDB.Mapping.MappingSchema.Default.GetEntityDescriptor(typeof(Warehouse.Schema.Kpi.KpiResult)).Name.Name));

    /// <summary>Every file by its path relative to the output folder.</summary>
    public IReadOnlyDictionary<string, string> Files()
    {
        var files = new Dictionary<string, string>();
        foreach (var (schema, view) in Views)
        {
            files[$"excel/{PowerBiProject.Name}.{schema}.{view}.odc"] = engine == EngineKind.PostgreSql
                ? PowerQuery($"{schema}.{view}", $"{schema}_{view}", $"PostgreSQL.Database(\"{server}\", \"{database}\")", $"Source{{[Schema=\"{schema}\",Item=\"{view}\"]}}[Data]")
                : SqlServer(schema, view);
        }

        foreach (var set in FeedSets)
        {
            files[$"excel/{PowerBiProject.Name}.odata.{set}.odc"] = PowerQuery($"OData {set}", set,
                $"OData.Feed(\"{feed}\", null, [Implementation=\"2.0\"])", $"Source{{[Name=\"{set}\",Signature=\"table\"]}}[Data]");
        }

        return files;
    }

    private string SqlServer(string schema, string view)
    {
        // Integrated security; Trust Server Certificate stays false, so the server's certificate is checked.
        var connection = $"Provider=MSOLEDBSQL;Integrated Security=SSPI;Persist Security Info=False;Initial Catalog={database};Data Source={server};Use Encryption for Data=True;Trust Server Certificate=False;Application Name=CxWarehouse Excel";
        var command = $"\"{database}\".\"{schema}\".\"{view}\"";
        return Document($"{PowerBiProject.Name} {schema}.{view}", "ODC.Table", $"""
              <odc:Connection odc:Type="OLEDB">
               <odc:ConnectionString>{Xml(connection)}</odc:ConnectionString>
               <odc:CommandType>Table</odc:CommandType>
               <odc:CommandText>{Xml(command)}</odc:CommandText>
              </odc:Connection>
            """);
    }

    private static string PowerQuery(string title, string query, string source, string navigation)
    {
        var formula = $"let\n    Source = {source},\n    Data = {navigation}\nin\n    Data";
        var mashup = "<Mashup xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://schemas.microsoft.com/DataMashup\">" +
            "<Client>EXCEL</Client><Version>2.140.405.0</Version><MinVersion>2.21.0.0</MinVersion><Culture>en-US</Culture><SafeCombine>true</SafeCombine>" +
            $"<Items><Query Name=\"{SecurityElement.Escape(query)}\"><Formula><![CDATA[{formula}]]></Formula>" +
            "<IsParameterQuery xsi:nil=\"true\" /><IsDirectQuery xsi:nil=\"true\" /></Query></Items></Mashup>";
        return Document($"{PowerBiProject.Name} {title}", "ODC.Database", $"""
              <odc:PowerQueryConnection odc:Type="OLEDB">
               <odc:ConnectionString>{Xml($"Provider=Microsoft.Mashup.OleDb.1;Data Source=$Workbook$;Location={query};Extended Properties=\"\"")}</odc:ConnectionString>
               <odc:CommandType>SQL</odc:CommandType>
               <odc:CommandText>{Xml($"SELECT * FROM [{query}]")}</odc:CommandText>
              </odc:PowerQueryConnection>
              <odc:PowerQueryMashupData>{Xml(mashup)}</odc:PowerQueryMashupData>
            """);
    }

    private static string Document(string title, string progId, string connection) => $"""
        <html xmlns:o="urn:schemas-microsoft-com:office:office"
        xmlns="http://www.w3.org/TR/REC-html40">
        <head>
        <meta http-equiv=Content-Type content="text/x-ms-odc; charset=utf-8">
        <meta name=ProgId content={progId}>
        <meta name=SourceType content=OLEDB>
        <title>{WebUtility.HtmlEncode(title)}</title>
        <xml id=msodc><odc:OfficeDataConnection
          xmlns:odc="urn:schemas-microsoft-com:office:odc"
          xmlns="http://www.w3.org/TR/REC-html40">
        {connection}
         </odc:OfficeDataConnection>
        </xml>
        </head>
        </html>

        """;

    private static string Xml(string text) => SecurityElement.Escape(text);
}
