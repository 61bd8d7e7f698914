async def main():

main()
