// A small complete policy the CLI and hardening tests share: every headline disclosure, nothing missing.

export const GOOD = `# Acme Privacy Policy

Last updated: March 2, 2026

## Information we collect

We collect your name and email address when you create an account, and usage data such as pages viewed.

## How we use information

We use this information to provide the service, to answer your questions and to improve the app.

## Sharing

We share personal information only with service providers that host the service for us.

## Children

Our service is not directed to children. We do not knowingly collect personal information from children under 13.

## Data security

We protect personal information with encryption and access controls. If a data breach affects you, we will notify you and the authorities within 72 hours by email.

## Changes to this policy

We will post changes on this page and notify you by email before a material change takes effect.

## Do Not Track

We do not respond to browser Do Not Track signals.

## Contact us

Email privacy@acme-widgets.test with any question.
`;
