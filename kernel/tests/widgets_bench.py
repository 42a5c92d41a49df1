"""Widget benchmark (run by kernel/bench with Debian's /usr/bin/python3).

BENCH widgets.step_ms: a front end scrubs the stepper through a 20-step scenario (S1 on D4), one slider
update per step; for each, the time from sending the slider's comm_msg to the kernel's last widget update
of that step arriving (the chart image, sent after the label, the memmap picture and the log). Median.
Each step is visited for the first time, so this includes drawing its chart once.
"""
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

KERNEL = os.environ.get("BENCH_KERNEL_NAME", "java")
STEPS = 20


def reply_to(kc, msg_id, timeout=60):
    while True:
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def value_of(kc, expression):
    """The text/plain result of an expression, quotes removed."""
    msg_id = kc.execute(expression)
    result = None
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            result = msg["content"]["data"]["text/plain"].strip('"')
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return result


km = KernelManager(kernel_name=KERNEL)
km.start_kernel()
kc = km.client()
kc.start_channels()
reply_to(kc, kc.kernel_info())
reply = reply_to(kc, kc.execute("var st = Stepper.of(Scenarios.S1, Designs.D4); display(st);"))
assert reply["content"]["status"] == "ok", reply["content"]
slider = value_of(kc, "st.slider().modelId()")
chart = value_of(kc, "st.children().get(3).modelId()")
size = int(value_of(kc, "st.steps().size()"))
assert size >= STEPS, f"S1 on D4 has {size} steps, fewer than {STEPS}"

times = []
for k in range(1, STEPS + 1):
    msg = kc.session.msg("comm_msg", {"comm_id": slider, "data": {
        "method": "update", "state": {"value": k}, "buffer_paths": []}})
    t = time.perf_counter()
    kc.shell_channel.send(msg)
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if (m["msg_type"] == "comm_msg" and m["parent_header"].get("msg_id") == msg["header"]["msg_id"]
                and m["content"]["comm_id"] == chart and "value" in m["content"]["data"].get("state", {})):
            break
    times.append((time.perf_counter() - t) * 1000)

kc.stop_channels()
km.shutdown_kernel(now=True)
del kc, km
print(f"BENCH widgets.step_ms={statistics.median(times):.1f}")
sys.stdout.flush()
