using System.Data;
using System.Globalization;
using Dapper;

namespace GoLive.Core.Storage;

/// <summary>
/// How Dapper stores the types SQLite has no native form for: DateTimeOffset as ISO-8601 round-trip
/// text in UTC (sorts as text, reads back exactly) and Guid as canonical text (not the provider's blob).
/// </summary>
internal static class SqliteTypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        // Dapper's built-in type map wins over handlers when binding parameters, so take these types out of it.
        foreach (var type in new[] { typeof(DateTimeOffset), typeof(DateTimeOffset?), typeof(Guid), typeof(Guid?) })
        {
            SqlMapper.RemoveTypeMap(type);
        }
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new GuidHandler());
    }

    /// <summary>The text stored for <paramref name="value"/>; also used where a timestamp is hashed.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Format(value);
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            string text => SqliteTypeHandlers.Parse(text),
            DateTimeOffset dto => dto,
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            _ => throw new DataException($"Cannot read a DateTimeOffset from {value.GetType().Name}."),
        };
    }

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString("D");
        }

        public override Guid Parse(object value) => value switch
        {
            string text => Guid.Parse(text),
            byte[] bytes => new Guid(bytes),
            Guid guid => guid,
            _ => throw new DataException($"Cannot read a Guid from {value.GetType().Name}."),
        };
    }
}
