import asyncio

async def inner():
    return 1

async def main():
    try:
        asyncio.run(inner())
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(asyncio.get_running_loop().is_running())
    return "ok"

print(asyncio.run(main()))
print(asyncio.run(main()))
try:
    asyncio.run(42)
except ValueError as e:
    print("ValueError:", e)
try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
async def make_task():
    return asyncio.current_task().get_name()
print(asyncio.run(make_task()))
