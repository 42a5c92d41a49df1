"""Kernel start-up and latency benchmark (run by kernel/bench with Debian's /usr/bin/python3).

For each of 5 fresh kernels: time from process start to the kernel_info_reply (ready) and to the
execute_reply of `1+1` (cold start). On the last, warm kernel: median round trip of a trivial cell, and
the kernel process's idle resident memory. Prints medians as `BENCH name=value` lines.
"""
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

KERNEL = os.environ.get("BENCH_KERNEL_NAME", "java")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def reply_to(kc, msg_id, timeout=60):
    while True:
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def one_kernel(keep=False):
    km = KernelManager(kernel_name=KERNEL)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    # kernel_info is sent at once; it is queued by ZeroMQ until the kernel binds and answers.
    reply_to(kc, kc.kernel_info())
    ready = time.perf_counter() - t0
    reply = reply_to(kc, kc.execute("1+1"))
    cold = time.perf_counter() - t0
    assert reply["content"]["status"] == "ok", reply["content"]
    if keep:
        return km, kc, ready, cold
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return None, None, ready, cold


readies, colds = [], []
km = kc = None
for i in range(RUNS):
    km, kc, ready, cold = one_kernel(keep=(i == RUNS - 1))
    readies.append(ready)
    colds.append(cold)

for _ in range(20):  # warm up the cell path
    reply_to(kc, kc.execute("1+1"))
latencies = []
for _ in range(51):
    t = time.perf_counter()
    reply_to(kc, kc.execute("1+1"))
    latencies.append((time.perf_counter() - t) * 1000)
time.sleep(2)
pid = km.provisioner.process.pid if getattr(km, "provisioner", None) else km.kernel.pid
rss = rss_mb(pid)
kc.stop_channels()
km.shutdown_kernel(now=True)
del kc, km  # close the client's sockets now, not during interpreter shutdown

print(f"BENCH kernel.ready_s={statistics.median(readies):.3f}")
print(f"BENCH kernel.cold_start_s={statistics.median(colds):.3f}")
print(f"BENCH kernel.cell_latency_ms={statistics.median(latencies):.1f}")
print(f"BENCH kernel.idle_rss_mb={rss:.0f}")
sys.stdout.flush()
