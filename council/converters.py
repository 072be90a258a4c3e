"""Path converters of the site's addresses."""

# The largest id a row can have: ids are 64-bit integers (BigAutoField).
MAX_ID = 2**63 - 1


class IdConverter:
    """The id of a row in an address. A number beyond the largest id names no row, and is
    answered 404 by the resolver: passed on to a query, SQLite cannot bind it at all
    (OverflowError), so a view that looks a row up through a foreign key ended in 500."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)  # a number of thousands of digits raises ValueError here too
        if number > MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(value)
