import { loginRequestSchema, signupRequestSchema } from '@hedgerow/schema';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseInput } from '../../http/api-error';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../http/cookies';
import type { AccountService } from '../accounts/account-service';
import type { AuthService } from './auth-service';

/**
 * Sign-up, login and logout for the web app. A session is an httpOnly, SameSite=Lax cookie; its CSRF
 * token is also set as a readable cookie for the app to echo in `X-CSRFToken`.
 */
export function registerAuthRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; accounts: AccountService; secureCookies: boolean },
): void {
  const { auth, accounts, secureCookies } = deps;

  const startSession = async (reply: FastifyReply, userId: number) => {
    const { token, session } = await auth.startSession(userId);
    const expires = new Date(session.expiresAt);
    const common = { path: '/', sameSite: 'lax' as const, secure: secureCookies, expires };
    reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
  };

  app.get('/api/signup/', async () => ({
    first_user: !(await accounts.hasUsers()),
  }));

  app.post('/api/signup/', async (request, reply) => {
    const body = parseInput(signupRequestSchema, request.body);
    const { user, organization, project } = await accounts.signup({
      email: body.email,
      password: body.password,
      firstName: body.first_name,
      organizationName: body.organization_name,
    });
    await startSession(reply, user.id);
    return reply.status(201).send({
      id: user.id,
      uuid: user.uuid,
      email: user.email,
      first_name: user.first_name,
      organization: { id: organization.id, name: organization.name },
      team: { id: project.id, name: project.name, api_token: project.api_token },
    });
  });

  app.post('/api/login/', async (request, reply) => {
    const body = parseInput(loginRequestSchema, request.body);
    const user = await auth.login(body.email, body.password, request.ip);
    await startSession(reply, user.id);
    return { success: true };
  });

  app.post('/api/logout/', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await auth.endSession(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
}
