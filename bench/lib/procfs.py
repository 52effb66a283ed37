"""What the bench scripts read from /proc: a process's stat fields, its
tree of descendants, their memory (smaps_rollup) and CPU ticks, the files a
tree maps, and the machine's own figures (CPU, memory, load, boot time).

Everything here only reads; nothing starts or stops a process."""

from __future__ import annotations

import os
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def read_stat(pid: int) -> dict | None:
    """The fields of /proc/<pid>/stat we use, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
            data = f.read()
    except OSError:
        return None
    close = data.rindex(")")
    comm = data[data.index("(") + 1 : close]
    rest = data[close + 2 :].split()  # rest[0] is field 3
    return {
        "pid": pid,
        "comm": comm,
        "state": rest[0],
        "ppid": int(rest[1]),
        "utime": int(rest[11]),  # field 14
        "stime": int(rest[12]),  # field 15
        "starttime": int(rest[19]),  # field 22, clock ticks since boot
    }


def all_stats() -> dict[int, dict]:
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = read_stat(int(entry))
            if stat is not None:
                stats[stat["pid"]] = stat
    return stats


def descendants(root: int, stats: dict[int, dict] | None = None) -> list[int]:
    """root's live descendants (not root itself), zombies left out."""
    stats = stats if stats is not None else all_stats()
    children: dict[int, list[int]] = {}
    for stat in stats.values():
        children.setdefault(stat["ppid"], []).append(stat["pid"])
    found, queue = [], list(children.get(root, []))
    while queue:
        pid = queue.pop(0)
        if stats[pid]["state"] != "Z":
            found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def tree(root: int) -> list[int]:
    stats = all_stats()
    return ([root] if root in stats and stats[root]["state"] != "Z" else []) + descendants(root, stats)


def process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv0 = f.read().split(b"\0")[0].decode(errors="replace")
        if argv0:
            return os.path.basename(argv0)
    except OSError:
        pass
    stat = read_stat(pid)
    return stat["comm"] if stat else "?"


def exe_of(pid: int) -> str | None:
    try:
        return os.path.realpath(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return None


def boot_epoch() -> float:
    """Wall-clock time of boot, to sub-millisecond precision."""
    return time.time() - time.clock_gettime(time.CLOCK_BOOTTIME)


def btime() -> int:
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("btime "):
                return int(line.split()[1])
    raise RuntimeError("no btime in /proc/stat")


def smaps_rollup(pid: int) -> dict | None:
    """Rss, Pss, Uss (Private_Clean + Private_Dirty), Swap in kB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            lines = f.readlines()
    except OSError:
        return None
    values = {}
    for line in lines[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(":"):
            values[parts[0][:-1]] = int(parts[1])
    return {
        "rss_kb": values.get("Rss", 0),
        "pss_kb": values.get("Pss", 0),
        "uss_kb": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0),
        "pss_anon_kb": values.get("Pss_Anon", 0),
        "pss_file_kb": values.get("Pss_File", 0),
        "pss_shmem_kb": values.get("Pss_Shmem", 0),
        "swap_kb": values.get("Swap", 0),
    }


def memory_of_tree(root: int) -> dict:
    processes = []
    for pid in tree(root):
        rollup = smaps_rollup(pid)
        if rollup is not None:
            processes.append({"pid": pid, "name": process_name(pid), **rollup})
    total = {
        key: sum(p[key] for p in processes)
        for key in ("rss_kb", "pss_kb", "uss_kb", "pss_anon_kb", "pss_file_kb", "pss_shmem_kb", "swap_kb")
    }
    return {"processes": processes, "total": total}


def cpu_ticks(pids: list[int]) -> dict[int, tuple[int, int, str]]:
    """pid -> (utime+stime, starttime, name) for those still alive."""
    result = {}
    for pid in pids:
        stat = read_stat(pid)
        if stat is not None and stat["state"] != "Z":
            result[pid] = (stat["utime"] + stat["stime"], stat["starttime"], process_name(pid))
    return result


def sample_cpu(root: int, seconds: float, extra: dict[str, int]) -> dict:
    """CPU of root's tree over `seconds`, as % of one core; `extra` processes beside it."""
    start_pids = tree(root)
    start = cpu_ticks(start_pids)
    start_extra = {name: cpu_ticks([pid]).get(pid) for name, pid in extra.items()}
    t0 = time.monotonic()
    time.sleep(seconds)
    end = cpu_ticks(tree(root))
    wall = time.monotonic() - t0
    end_extra = {name: cpu_ticks([pid]).get(pid) for name, pid in extra.items()}
    per_process = []
    total_ticks = 0
    for pid, (ticks, started, name) in end.items():
        before = start.get(pid)
        # A process that started during the window counts from zero.
        used = ticks - before[0] if before and before[1] == started else ticks
        total_ticks += used
        per_process.append({"pid": pid, "name": name, "ticks": used,
                            "percent_of_one_core": 100.0 * used / CLK_TCK / wall})
    gone = [pid for pid in start if pid not in end]
    others = {}
    for name, pid in extra.items():
        if start_extra.get(name) and end_extra.get(name):
            used = end_extra[name][0] - start_extra[name][0]
            others[name] = {"pid": pid, "ticks": used, "percent_of_one_core": 100.0 * used / CLK_TCK / wall}
    return {
        "wall_seconds": wall,
        "ticks": total_ticks,
        "clock_ticks_per_second": CLK_TCK,
        "percent_of_one_core": 100.0 * total_ticks / CLK_TCK / wall,
        "processes": per_process,
        "processes_gone_during_sample": gone,
        "outside_the_app": others,
    }




def mapped_files(root: int) -> dict:
    """Distinct files the tree has mapped, and their total size on disk."""
    paths = set()
    for pid in tree(root):
        try:
            with open(f"/proc/{pid}/maps") as f:
                for line in f:
                    parts = line.split(maxsplit=5)
                    if len(parts) == 6 and parts[5].startswith("/") and not parts[5].rstrip().endswith("(deleted)"):
                        paths.add(parts[5].rstrip("\n"))
        except OSError:
            pass
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except OSError:
            pass
    return {"files": len(paths), "bytes": total}


def busy_compilers() -> list[str]:
    names = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            stat = read_stat(int(pid))
            if stat and stat["comm"] in ("rustc", "cargo", "cc1", "cc1plus", "ld", "rust-lld"):
                names.append(stat["comm"])
    return names


def loadavg() -> list[float]:
    with open("/proc/loadavg") as f:
        return [float(value) for value in f.read().split()[:3]]



def machine() -> dict:
    info = {"kernel": os.uname().release, "cpus": os.cpu_count(), "clock_ticks_per_second": CLK_TCK}
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
        with open("/proc/meminfo") as f:
            info["mem_total_kb"] = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
        with open("/proc/loadavg") as f:
            info["loadavg_at_start"] = f.read().split()[:3]
    except (OSError, StopIteration):
        pass
    return info

