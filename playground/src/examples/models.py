import asyncio
import time

TASKS = ${tasks}      # tasks in each model
COMPUTE = ${compute}  # seconds of computing per task
IO = ${io}       # then seconds of waiting for I/O

# Synchronous: one task after another. Waiting
# for I/O blocks as computing does.
def task(name):
    print(name, "computes")
    time.sleep(COMPUTE)
    print(name, "waits for I/O")
    time.sleep(IO)
    print(name, "is done")

# Asynchronous: computing still blocks, but a task
# waiting for I/O lets the event loop run another.
async def async_task(name):
    print(name, "computes")
    time.sleep(COMPUTE)
    print(name, "waits for I/O")
    await asyncio.sleep(IO)
    print(name, "is done")

async def main():
    names = ["task %d" % (i + 1) for i in range(TASKS)]
    await asyncio.gather(*[async_task(n) for n in names])

print("Synchronous model")
for i in range(TASKS):
    task("task %d" % (i + 1))
print("Synchronous model: all tasks done")

print("Asynchronous model")
asyncio.run(main())
print("Asynchronous model: all tasks done")
