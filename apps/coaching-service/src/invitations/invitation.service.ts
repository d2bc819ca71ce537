import { Injectable } from '@nestjs/common';
import {
  AnyEnvelope,
  CreateInvitationBody,
  InvitationView,
  ProgrammeFunnel,
  ProgrammeInvitation,
} from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, Clock, conflict, hasRole, notFound, unprocessable } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { Invitation, InvitationRepository } from './invitation.repository';
import {
  activeInWeek4,
  funnelOf,
  inviteCredit,
  InviteRefusal,
  inviteRefusal,
  inviteLink,
  newInviteCode,
} from './invitation.rules';

function refused(refusal: InviteRefusal, inviteeId: string): Error {
  switch (refusal) {
    case 'self_invite':
      return unprocessable(refusal, 'you cannot invite yourself');
    case 'already_invited':
      return conflict(refusal, `${inviteeId} has an invitation already (one per colleague)`);
    case 'invitee_already_active':
      return unprocessable(refusal, `${inviteeId} shares already and needs no invitation`);
  }
}

const view = (invitation: Invitation): InvitationView => ({
  code: invitation.code,
  link: inviteLink(invitation.code),
  inviterId: invitation.inviterId,
  inviteeId: invitation.inviteeId,
  invitedAt: invitation.invitedAt.toISOString(),
  acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
});

/**
 * Personal invitations: an advocate invites a colleague, the colleague accepts the link, and their
 * first share earns the inviter a credit. The credit is decided here once per invitation (the
 * `invite.credited` event goes out in the transaction that records it) and priced by scoring, which
 * keeps one ledger entry per tenant and invitee; its `points.awarded` marks the invitation credited.
 */
@Injectable()
export class InvitationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  create(auth: AuthContext, body: CreateInvitationBody): Promise<InvitationView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.invitations.forInvitee(manager, auth.tenantId, body.inviteeId);
      const invitee = await this.invitations.advocate(manager, auth.tenantId, body.inviteeId);
      const refusal = inviteRefusal({
        inviterId: auth.employeeId,
        inviteeId: body.inviteeId,
        inviteeLastShareAt: invitee.lastShareAt,
        existingInviterId: existing?.inviterId ?? null,
      });
      if (refusal) throw refused(refusal, body.inviteeId);
      const invitation = {
        tenantId: auth.tenantId,
        inviterId: auth.employeeId,
        inviteeId: body.inviteeId,
        code: newInviteCode(),
        invitedAt: now,
      };
      if (!(await this.invitations.insert(manager, invitation)))
        throw refused('already_invited', body.inviteeId);
      return view({
        ...invitation,
        acceptedAt: null,
        firstShareAt: null,
        firstShareId: null,
        creditEventId: null,
        creditedAt: null,
      });
    });
  }

  /** Only the invitee (and admins) may open an invitation; for anyone else it does not exist. */
  async open(auth: AuthContext, code: string): Promise<InvitationView> {
    const invitation = await this.invitations.byCode(this.dataSource.manager, auth.tenantId, code, {
      lock: false,
    });
    if (!invitation || !this.mayOpen(auth, invitation)) throw notFound('invitation');
    return view(invitation);
  }

  /** The invitee accepts: the relation is recorded (again: no change), and a first share already made counts. */
  accept(auth: AuthContext, code: string): Promise<InvitationView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.invitations.byCode(manager, auth.tenantId, code, { lock: true });
      if (!invitation || invitation.inviteeId !== auth.employeeId) throw notFound('invitation');
      if (invitation.acceptedAt !== null) return view(invitation);
      const accepted = { ...invitation, acceptedAt: now };
      await this.invitations.markAccepted(manager, auth.tenantId, invitation.inviteeId, now);
      await this.outbox.add(manager, {
        type: 'invite.accepted',
        tenantId: auth.tenantId,
        subject: invitation.inviteeId,
        occurredAt: now,
        payload: {
          inviterId: invitation.inviterId,
          inviteeId: invitation.inviteeId,
          invitedAt: invitation.invitedAt.toISOString(),
          acceptedAt: now.toISOString(),
        },
      });
      await this.creditIfDue(manager, accepted, now);
      return view(accepted);
    });
  }

  /**
   * A batch's events, with one read for all its shares: only the shares of invitees still waiting
   * for their first share, and invite credits, go on to `onEvent` (which locks and checks again).
   */
  async onEvents(manager: EntityManager, envelopes: readonly AnyEnvelope[]): Promise<void> {
    const sharers = envelopes.flatMap((envelope) =>
      envelope.type === 'share.recorded'
        ? [{ tenantId: envelope.tenantId, employeeId: envelope.payload.employeeId }]
        : [],
    );
    const waiting = await this.invitations.awaitingFirstShare(manager, sharers);
    for (const envelope of envelopes) {
      const relevant =
        envelope.type === 'share.recorded'
          ? waiting.has(`${envelope.tenantId}\u0000${envelope.payload.employeeId}`)
          : envelope.type === 'points.awarded' && envelope.payload.reason === 'invite_credit';
      if (relevant) await this.onEvent(manager, envelope);
    }
  }

  /**
   * A consumed event, in the projection's transaction (after its inbox claim): an invitee's share
   * may be their first, and scoring's entry for a credit marks the invitation credited.
   */
  async onEvent(manager: EntityManager, envelope: AnyEnvelope): Promise<void> {
    switch (envelope.type) {
      case 'share.recorded': {
        const invitation = await this.invitations.forInvitee(
          manager,
          envelope.tenantId,
          envelope.payload.employeeId,
        );
        if (!invitation || invitation.firstShareAt !== null) return;
        const share = { at: new Date(envelope.occurredAt), shareId: envelope.payload.shareId };
        await this.invitations.markFirstShare(manager, envelope.tenantId, invitation.inviteeId, share);
        await this.creditIfDue(
          manager,
          { ...invitation, firstShareAt: share.at, firstShareId: share.shareId },
          share.at,
        );
        return;
      }
      case 'points.awarded':
        if (envelope.payload.reason !== 'invite_credit') return;
        await this.invitations.markCredited(
          manager,
          envelope.tenantId,
          envelope.payload.sourceEventId,
          new Date(envelope.payload.occurredAt),
        );
        return;
      default:
        return;
    }
  }

  async list(auth: AuthContext): Promise<ProgrammeInvitation[]> {
    const now = this.clock.now();
    const rows = await this.invitations.progress(this.dataSource.manager, auth.tenantId);
    return rows.map((row) => ({
      inviterId: row.inviterId,
      inviteeId: row.inviteeId,
      invitedAt: row.invitedAt.toISOString(),
      acceptedAt: row.acceptedAt?.toISOString() ?? null,
      firstShareAt: row.firstShareAt?.toISOString() ?? null,
      activeInWeek4: activeInWeek4(row.acceptedAt, row.week4Shares, now),
      credited: row.creditedAt !== null,
    }));
  }

  async funnel(auth: AuthContext): Promise<ProgrammeFunnel> {
    return funnelOf(await this.list(auth));
  }

  private mayOpen(auth: AuthContext, invitation: Invitation): boolean {
    return invitation.inviteeId === auth.employeeId || hasRole(auth, 'admin');
  }

  private async creditIfDue(manager: EntityManager, invitation: Invitation, at: Date): Promise<void> {
    const decision = inviteCredit({ ...invitation, creditIssued: invitation.creditEventId !== null });
    const { acceptedAt, firstShareAt, firstShareId } = invitation;
    if (!decision.credit || !acceptedAt || !firstShareAt || !firstShareId) return;
    const invitee = await this.invitations.advocate(manager, invitation.tenantId, invitation.inviteeId);
    const event = await this.outbox.add(manager, {
      type: 'invite.credited',
      tenantId: invitation.tenantId,
      subject: invitation.inviterId,
      occurredAt: at,
      payload: {
        inviterId: invitation.inviterId,
        inviteeId: invitation.inviteeId,
        inviteeName: invitee.displayName,
        invitedAt: invitation.invitedAt.toISOString(),
        acceptedAt: acceptedAt.toISOString(),
        firstShareAt: firstShareAt.toISOString(),
        shareId: firstShareId,
      },
    });
    await this.invitations.markCreditIssued(manager, invitation.tenantId, invitation.inviteeId, event.id);
  }
}
