import asyncio
import time

TASKS = ${tasks}      # how many tasks
COMPUTE = ${compute}  # seconds each task computes (the CPU is busy)
IO = ${io}            # seconds each task then waits for I/O (the CPU is idle)

# The single thread synchronous model: one task after another. Waiting for
# I/O blocks like computing does: time.sleep stands for both.
def task(name):
    print(name, "computes")
    time.sleep(COMPUTE)
    print(name, "waits for I/O")
    time.sleep(IO)
    print(name, "is done")

# The asynchronous model: computing still blocks (time.sleep), but a task
# that waits for I/O (await asyncio.sleep) lets the event loop run another.
async def async_task(name):
    print(name, "computes")
    time.sleep(COMPUTE)
    print(name, "waits for I/O")
    await asyncio.sleep(IO)
    print(name, "is done")

async def main():
    await asyncio.gather(*[async_task("task %d" % (i + 1)) for i in range(TASKS)])

print("Synchronous model")
start = time.perf_counter()
for i in range(TASKS):
    task("task %d" % (i + 1))
print("synchronous: %.2f s" % (time.perf_counter() - start))

print("Asynchronous model")
start = time.perf_counter()
asyncio.run(main())
print("asynchronous: %.2f s" % (time.perf_counter() - start))
