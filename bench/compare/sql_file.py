"""The per-engine SQL files of bench/compare.sh: sections, statements, parameters."""

import re

QUERY_IDS = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]


class SqlFile:
    """Sections of a .sql file beside this one.

    A section starts with a line "-- @name [title]" and runs to the next one.
    Comment lines are dropped; statements end with ";" at the end of a line.
    """

    def __init__(self, path):
        self.sections = {}
        self.titles = {}
        name = None
        for line in open(path, encoding="utf-8"):
            m = re.match(r"--\s*@(\w+)\s*(.*)", line)
            if m:
                name = m.group(1)
                self.titles[name] = m.group(2).strip()
                self.sections[name] = []
                continue
            if name is None or line.lstrip().startswith("--"):
                continue
            self.sections[name].append(line.rstrip("\n"))

    def statements(self, name):
        """The statements of a section, without their final ";"."""
        out, cur = [], []
        for line in self.sections.get(name, []):
            cur.append(line)
            if line.rstrip().endswith(";"):
                out.append("\n".join(cur).rstrip().rstrip(";").strip())
                cur = []
        rest = "\n".join(cur).strip()
        if rest:
            out.append(rest)
        return [s for s in out if s]

    def query(self, qid):
        """The one statement of a query section."""
        (stmt,) = self.statements(qid)
        return stmt


PARAM = re.compile(r"(?<![:\w]):([a-z_]+)\b")


def to_pyformat(sql):
    """':name' placeholders to psycopg2's '%(name)s' (a literal % doubled)."""
    return PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))


def quote_clickhouse(value):
    if isinstance(value, int):
        return str(value)
    s = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return "'" + s + "'"


def bind_literals(sql, params, quote):
    """':name' placeholders replaced by quoted literals."""
    return PARAM.sub(lambda m: quote(params[m.group(1)]), sql)
