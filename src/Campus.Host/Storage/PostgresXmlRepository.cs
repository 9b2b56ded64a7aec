using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Campus.Host.Storage;

/// <summary>
/// The data-protection key ring in PostgreSQL (<c>data_protection_keys</c>, migration 0003), so
/// every node of a cluster signs and reads session cookies and anti-forgery tokens with the same
/// keys: a session made on one node is valid on all. Two nodes that create a key at the same
/// moment both keep theirs; a node that meets a key it does not know reads the ring again.
/// </summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY name", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
