console.log("cs")
