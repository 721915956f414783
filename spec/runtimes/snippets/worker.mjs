import { verify } from "keycard";

export default {
  async fetch(request, env) {
    const token = request.headers.get("authorization")?.replace(/^Bearer /i, "") ?? "";
    try {
      const { payload } = await verify(token, env.JWT_PUBLIC_JWK, { issuer: "https://issuer.example" });
      return new Response(`hello ${payload.sub}`);
    } catch (error) {
      return new Response(error.code ?? "error", { status: 401 });
    }
  },
};
