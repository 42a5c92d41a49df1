"""Kernel start-up and latency benchmark (run by kernel/bench with Debian's /usr/bin/python3).

For each of 5 fresh kernels: time from process start to the kernel_info_reply (ready) and to the
execute_reply of `1+1` (cold start). On the last, warm kernel: median round trip of a trivial cell, and
the kernel process's idle resident memory; then the threads alive before and after ten full matrix runs,
and the time from a shutdown_reply to the end of the process. Prints medians as `BENCH name=value` lines.
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
# Interrupt: from interrupt_request to the execute_reply of a busy loop (median of 5).
interrupts = []
for _ in range(5):
    loop = kc.execute("while (true) { }")
    time.sleep(0.5)
    t = time.perf_counter()
    km.interrupt_kernel()
    reply = reply_to(kc, loop)
    interrupts.append((time.perf_counter() - t) * 1000)
    assert reply["content"].get("ename") == "Interrupted", reply["content"]
time.sleep(2)
pid = km.provisioner.process.pid if getattr(km, "provisioner", None) else km.kernel.pid
rss = rss_mb(pid)


def value_of(expression):
    msg_id = kc.execute(expression)
    reply = reply_to(kc, msg_id, timeout=600)
    assert reply["content"]["status"] == "ok", reply["content"]
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
            return msg["content"]["data"]["text/plain"]


# Threads: alive before and after ten full matrix runs, each in its own cell (goal: as many after).
LIVE_THREADS = "Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count()"
threads_before = int(value_of(LIVE_THREADS))
for _ in range(10):
    reply = reply_to(kc, kc.execute("Matrix.full().run();"), timeout=600)
    assert reply["content"]["status"] == "ok", reply["content"]
time.sleep(1)
threads_after = int(value_of(LIVE_THREADS))

# Shutdown: from the shutdown_reply to the end of the kernel process (median of 3 fresh kernels, the last
# being this one).
process = km.provisioner.process if getattr(km, "provisioner", None) else km.kernel


def shutdown_seconds(kc, process):
    msg_id = kc.shutdown()
    while True:
        msg = kc.get_control_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == msg_id:
            break
    t = time.perf_counter()
    while process.poll() is None:
        time.sleep(0.002)
    return time.perf_counter() - t


shutdowns = [shutdown_seconds(kc, process)]
kc.stop_channels()
km.cleanup_resources()
for _ in range(2):
    km2, kc2, _, _ = one_kernel(keep=True)
    p2 = km2.provisioner.process if getattr(km2, "provisioner", None) else km2.kernel
    shutdowns.append(shutdown_seconds(kc2, p2))
    kc2.stop_channels()
    km2.cleanup_resources()
del kc, km  # close the client's sockets now, not during interpreter shutdown

print(f"BENCH kernel.ready_s={statistics.median(readies):.3f}")
print(f"BENCH kernel.cold_start_s={statistics.median(colds):.3f}")
print(f"BENCH kernel.cell_latency_ms={statistics.median(latencies):.1f}")
print(f"BENCH kernel.idle_rss_mb={rss:.0f}")
print(f"BENCH kernel.interrupt_ms={statistics.median(interrupts):.0f}")
print(f"BENCH kernel.shutdown_s={statistics.median(shutdowns):.3f}")
print(f"BENCH kernel.threads_before_matrix={threads_before}")
print(f"BENCH kernel.threads_after_matrix={threads_after}")
sys.stdout.flush()
