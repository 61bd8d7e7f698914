fn main() {
    async_playground::start();
}
