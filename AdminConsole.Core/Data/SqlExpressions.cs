using System.Linq.Expressions;

namespace AdminConsole.Core.Data;

/// <summary>
/// Pieces for building the SET clauses of conditional updates whose shape depends on configuration (the tiers of
/// a ladder). Values go in as closure fields, so EF sends them as SQL parameters and the statement text, and its
/// cached plan, stay the same from call to call.
/// </summary>
internal static class SqlExpressions
{
    /// <summary>A value EF sends as a SQL parameter.</summary>
    public static MemberExpression Parameter<T>(T value) =>
        Expression.Field(Expression.Constant(new Box<T>(value)), nameof(Box<T>.Value));

    public static Expression<Func<TEntity, T>> Lambda<TEntity, T>(Expression body, ParameterExpression entity) =>
        Expression.Lambda<Func<TEntity, T>>(body, entity);

    /// <summary>CASE <paramref name="value"/> WHEN n THEN result ... ELSE <paramref name="otherwise"/> END.</summary>
    public static Expression Case(Expression value, IEnumerable<(int When, Expression Then)> cases, Expression otherwise) =>
        cases.Reverse().Aggregate(otherwise, (rest, c) => Expression.Condition(Expression.Equal(value, Expression.Constant(c.When)), c.Then, rest));

    private sealed class Box<T>(T value)
    {
        public readonly T Value = value;
    }
}
