import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { isValidRequestId, requestIdFrom } from '@/lib/log/request-id';
import { proxy } from '@/proxy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('keeps a well-formed incoming id and replaces anything else with a random UUID', () => {
    expect(requestIdFrom(new Headers({ 'x-request-id': 'nginx-7f3a9c21e4b5' }))).toBe('nginx-7f3a9c21e4b5');
    for (const bad of ['short', 'has space in it', 'x'.repeat(129), 'line\\nbreak-injected', '{"level":"error"}']) {
      expect(isValidRequestId(bad)).toBe(false);
      expect(requestIdFrom(new Headers({ 'x-request-id': bad }))).toMatch(UUID);
    }
    const a = requestIdFrom(new Headers());
    expect(a).toMatch(UUID);
    expect(requestIdFrom(new Headers())).not.toBe(a);
  });
});

describe('proxy', () => {
  const overridden = (response: Response, name: string) => response.headers.get(`x-middleware-request-${name}`);

  it('gives a page request an id on the response and in the headers the app reads, plus the nonce policy', () => {
    const response = proxy(new NextRequest('http://localhost/login'));
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(overridden(response, 'x-request-id')).toBe(id);
    expect(response.headers.get('content-security-policy')).toMatch(/'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(overridden(response, 'x-nonce')).toBeTruthy();
  });

  it('gives an API request an id but no page policy, and passes a proxy\'s id on', () => {
    const response = proxy(new NextRequest('http://localhost/api/health', { headers: { 'x-request-id': 'lb-0123456789' } }));
    expect(response.headers.get('x-request-id')).toBe('lb-0123456789');
    expect(overridden(response, 'x-request-id')).toBe('lb-0123456789');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(overridden(response, 'x-nonce')).toBeNull();
  });

  it('a prefetch gets an id but no nonce policy, as before', () => {
    const response = proxy(new NextRequest('http://localhost/projects/x', { headers: { 'next-router-prefetch': '1' } }));
    expect(response.headers.get('x-request-id')).toMatch(UUID);
    expect(response.headers.get('content-security-policy')).toBeNull();
  });
});
