"""Query expressions the ORM lacks."""

from django.db.models import BooleanField, F, Func, Subquery


class AnyOf(Func):
    """True where ``column`` holds one of the values a subquery gives.

    On PostgreSQL ``column = ANY(ARRAY(subquery))``: the subquery runs once and each
    of its values is looked up in the column's index. For ``column IN (subquery)`` the
    planner guesses how many rows could match and, for a few thousand values, reads
    the whole table instead. Elsewhere it is ``IN``.
    """

    output_field = BooleanField()

    def __init__(self, column: str, subquery) -> None:
        super().__init__(F(column), Subquery(subquery))

    def _parts(self, compiler):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        return column_sql, subquery_sql, (*column_params, *subquery_params)

    def as_sql(self, compiler, connection, **extra):
        column_sql, subquery_sql, params = self._parts(compiler)
        return f"{column_sql} IN {subquery_sql}", params

    def as_postgresql(self, compiler, connection, **extra):
        column_sql, subquery_sql, params = self._parts(compiler)
        return f"{column_sql} = ANY(ARRAY{subquery_sql})", params
