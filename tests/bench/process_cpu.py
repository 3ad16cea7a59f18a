"""CPU time spent by groups of processes over a stretch of time, read from /proc (Linux): for a
benchmark to say where each request's CPU went (the app's workers, PostgreSQL, the load tool).

    before = cpu_seconds()
    ...                                   # the load
    spent = cpu_by_group(before, cpu_seconds(), {"app": lambda pid, pgid, name: pgid == server_pgid, ...})
"""
import os
from collections.abc import Callable
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")

# One process as /proc shows it: its id, its process group and its command name.
Matcher = Callable[[int, int, str], bool]


def cpu_seconds() -> dict[tuple[int, int, str], float]:
    """User plus system CPU seconds of every process now, by (pid, process group, name)."""
    seconds = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()  # fields from the 3rd (state) on
        seconds[(int(entry.name), int(fields[2]), name)] = (int(fields[11]) + int(fields[12])) / TICKS
    return seconds


def cpu_by_group(before: dict, after: dict, groups: dict[str, Matcher]) -> dict[str, float]:
    """CPU seconds each group spent between the two readings (a process that ended between them
    is not counted: read `after` while the processes that matter still run)."""
    spent = dict.fromkeys(groups, 0.0)
    for key, seconds in after.items():
        for group, matches in groups.items():
            if matches(*key):
                spent[group] += seconds - before.get(key, 0.0)
                break
    return spent


def postgres(_pid: int, _pgid: int, name: str) -> bool:
    return name.startswith("postgres")
