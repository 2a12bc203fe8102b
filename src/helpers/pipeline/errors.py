"""The error every build step raises: what went wrong, one line per problem."""


class BuildError(Exception):
    """The build stopped; `lines` says why, one line per problem."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))
