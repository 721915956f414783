import { generateSecret, sign, verify } from "npm:keycard";

const secret = generateSecret("HS256");
const token = await sign({ sub: "alice" }, secret, { expiresIn: "15m" });
const { payload } = await verify(token, secret);
console.log(`hello ${payload.sub}`);
