using System.Data.Common;

namespace ProbeHarness.Results;

/// <summary>Plain reads and writes on the tables beside runs and results, over the store's own connection.</summary>
internal static class HistoryTables
{
    public static DbConnection Connection(IResultStore store) =>
        (store as DbResultStore)?.Db ?? throw new NotSupportedException($"{store.GetType().Name} keeps no tables beside runs and results");

    public static void Write(IResultStore store, string sql, params (string Name, object Value)[] values) =>
        WriteAll(store, [(sql, values)]);

    /// <summary>Several statements in one transaction: all of them are stored, or none.</summary>
    public static void WriteAll(IResultStore store, IEnumerable<(string Sql, (string Name, object Value)[] Values)> statements)
    {
        var db = Connection(store);
        using var tx = db.BeginTransaction();
        foreach (var (sql, values) in statements)
        {
            using var cmd = db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            var p = new Binder(cmd);
            foreach (var (name, value) in values) p.AddWithValue(name, value);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public static List<T> Read<T>(IResultStore store, string sql, Func<DbDataReader, T> read, params (string Name, object Value)[] values)
    {
        using var cmd = Connection(store).CreateCommand();
        cmd.CommandText = sql;
        var p = new Binder(cmd);
        foreach (var (name, value) in values) p.AddWithValue(name, value);
        using var row = cmd.ExecuteReader();
        var list = new List<T>();
        while (row.Read()) list.Add(read(row));
        return list;
    }

    public static string Text(DbDataReader row, int i) => StoredText.Decode(row.GetString(i));
}
