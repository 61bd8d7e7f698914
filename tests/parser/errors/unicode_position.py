message = "héllo" +
