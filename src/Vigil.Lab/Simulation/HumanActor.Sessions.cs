using System.Text.Json;

namespace Vigil.Lab.Simulation;

internal sealed partial class HumanActor
{
    private static readonly JsonEncodedText[] GrantedRoles =
        new[] { "role:project-admin", "role:report-viewer", "role:billing-reader", "group:on-call", "role:repo-maintainer" }
            .Select(r => JsonEncodedText.Encode(r, EcsWriter.Encoder)).ToArray();

    private void GenerateSession(SimContext ctx, PlannedSession s, long start)
    {
        var device = PickDevice(s);
        if (device is null)
        {
            return;
        }

        var (net, ip) = Network(ctx, s, device);
        var o = new EventOrigin
        {
            Identity = _p.Identity,
            Network = net,
            Ip = ip,
            UserAgent = device.UserAgentOn(s.Day),
            Device = device,
        };
        var t = start;
        if (_r.Chance(0.03))
        {
            // A mistyped password before the real sign-in.
            ref var fail = ref Emit(t, EventAction.SignIn, EventOutcome.Failure, o);
            fail.AuthMethod = AuthMethod.Password;
            fail.FailureReason = FailureReason.BadPassword;
            t += _r.Next(4, 40) * SimTime.Second;
        }

        o.SessionId = ctx.NewSessionId();
        var auth = device.IsMobile ? (_p.PreferredAuth == AuthMethod.Password ? AuthMethod.Password : AuthMethod.Sso) : _p.PreferredAuth;
        Emit(t, EventAction.SignIn, EventOutcome.Success, o).AuthMethod = auth;
        if (auth == AuthMethod.Password || (auth == AuthMethod.Sso && _r.Chance(0.5)))
        {
            t = EmitMfa(t, o);
        }

        if (device.Managed)
        {
            t += _r.Next(1_000, 3_000);
            Emit(t, EventAction.DevicePosture, EventOutcome.Success, o).DeviceCompliant = !_r.Chance(0.03);
        }

        o.TokenId = ctx.NewTokenId();
        var nextRefresh = t + (_r.Next(55, 65) * SimTime.Minute);
        var end = start + s.DurationMs;
        var meanGap = SimTime.Hour / (_p.ActionsPerHour * (device.IsMobile ? 0.6 : 1.0));
        if (device.IsMobile)
        {
            // Phones open mail or chat straight away.
            t += _r.Next(2, 20) * SimTime.Second;
            Access(t, o, _p.Resources[_r.PickCumulative(_p.Cumulative)]);
        }

        while (true)
        {
            t += (long)_r.Exponential(meanGap) + SimTime.Second;
            if (t >= end || t >= ctx.EndMs)
            {
                break;
            }

            if (t >= nextRefresh)
            {
                o.TokenId = ctx.NewTokenId();
                Emit(t, EventAction.TokenUse, EventOutcome.Success, o);
                nextRefresh = t + (_r.Next(55, 65) * SimTime.Minute);
                continue;
            }

            if (_p.Role.IsAdmin && _r.Chance(0.004))
            {
                GrantRole(ctx, t, o);
                continue;
            }

            var resource = _r.Chance(0.01)
                ? ctx.Org.Resources[_r.Next(ctx.Org.Resources.Count)] // the occasional link someone shared
                : _p.Resources[_r.PickCumulative(_p.Cumulative)];
            if (resource.Kind is ResourceKind.AgentTool or ResourceKind.AdminConsole && !_p.Role.IsAdmin)
            {
                resource = _p.Resources[0];
            }

            Access(t, o, resource);
        }

        var signOut = Math.Max(t, LastBufferedMs + SimTime.Second);
        if (_r.Chance(0.6) && signOut < ctx.EndMs)
        {
            Emit(signOut, EventAction.SignOut, EventOutcome.Success, o);
        }

        SpawnAttached(ctx, s, o, start);
    }

    private long EmitMfa(long t, EventOrigin o)
    {
        var method = _p.PreferredMfa;
        t += _r.Next(500, 2_000);
        ref var sent = ref Emit(t, EventAction.Mfa, EventOutcome.Unknown, o);
        sent.MfaMethod = method;
        sent.MfaResult = MfaResult.Sent;
        if (_r.Chance(0.03))
        {
            // Phone in another room: the first prompt times out, the second is approved.
            t += SimTime.Minute;
            ref var timeout = ref Emit(t, EventAction.Mfa, EventOutcome.Failure, o);
            timeout.MfaMethod = method;
            timeout.MfaResult = MfaResult.Timeout;
            t += _r.Next(5, 30) * SimTime.Second;
            ref var resent = ref Emit(t, EventAction.Mfa, EventOutcome.Unknown, o);
            resent.MfaMethod = method;
            resent.MfaResult = MfaResult.Sent;
        }

        t += _r.Next(3_000, 25_000);
        ref var ok = ref Emit(t, EventAction.Mfa, EventOutcome.Success, o);
        ok.MfaMethod = method;
        ok.MfaResult = MfaResult.Approved;
        return t;
    }

    private void Access(long t, EventOrigin o, Resource resource)
    {
        var action = resource.Kind == ResourceKind.AdminConsole && _r.Chance(0.4)
            ? ResourceAction.Admin
            : _r.NextDouble() switch { < 0.82 => ResourceAction.Read, < 0.97 => ResourceAction.Write, _ => ResourceAction.Delete };
        var denied = _r.Chance(0.005);
        ref var e = ref Emit(t, EventAction.ResourceAccess, denied ? EventOutcome.Failure : EventOutcome.Success, o);
        e.Resource = resource;
        e.ResourceAction = action;
        e.FailureReason = denied ? FailureReason.AccessDenied : FailureReason.None;
        e.BytesDown = denied ? 0 : (long)(action == ResourceAction.Read ? _r.LogNormal(resource.MedianBytes, 1.0) : _r.LogNormal(2_000, 0.8));
        e.BytesUp = action == ResourceAction.Write ? (long)_r.LogNormal(resource.MedianBytes * 0.3, 1.0) : _r.Next(200, 2_000);
    }

    /// <summary>Legitimate role changes by admins: the background that privilege-escalation detection must not flag.</summary>
    private void GrantRole(SimContext ctx, long t, EventOrigin o)
    {
        var target = ctx.Org.Humans[_r.Next(ctx.Org.Humans.Length)];
        ref var e = ref Emit(t, EventAction.PrivilegeChange, EventOutcome.Success, o);
        e.Identity = target.Identity;
        e.Actor = _p.Identity;
        e.Privilege = GrantedRoles[_r.Next(GrantedRoles.Length)];
    }

    private void SpawnAttached(SimContext ctx, PlannedSession s, EventOrigin o, long start)
    {
        if (s.Phone)
        {
            return;
        }

        for (var i = 0; i < _attached.Count; i++)
        {
            var c = _attached[i];
            if (c.Day > s.Day)
            {
                continue;
            }

            _attached.RemoveAt(i);
            var session = new SessionContext(_p, o, start, LastBufferedMs, s.Day);
            ctx.Spawn(new CampaignActor(c, start + SimTime.Minute, (a, cx, r) => AttackScripts.RunAttached(a, cx, r, session)));
            return;
        }
    }

    private Device? PickDevice(PlannedSession s)
    {
        if (s.Phone)
        {
            return _p.PhoneOn(s.Day);
        }

        Device? laptop = null;
        Device? desktop = null;
        foreach (var d in _p.Devices)
        {
            if (d.IsMobile || !d.InUseOn(s.Day))
            {
                continue;
            }

            if (laptop is null)
            {
                laptop = d;
            }
            else
            {
                desktop = d;
            }
        }

        return s.Place == Place.Office && desktop is not null && _r.Chance(0.6) ? desktop : laptop;
    }

    private (IpBlock Block, uint Ip) Network(SimContext ctx, PlannedSession s, Device device)
    {
        var world = ctx.World;
        switch (s.Place)
        {
            case Place.Office:
                return (_p.OfficeEgress!, _p.OfficeIp((ulong)s.Day));
            case Place.TravelOffice:
                var egress = world.OfficeEgress[OfficeIndex(ctx, s.City)];
                return (egress, egress.Address((ulong)_r.Next(3)));
            case Place.Mobile:
                // Roaming traffic breaks out at the home carrier, so a phone abroad still geolocates home;
                // on hotel wifi it geolocates to the city it is in.
                if (s.City != _p.Home && _r.Chance(0.35))
                {
                    var hotel = world.Residential[s.City.Index][_r.Next(2)];
                    return (hotel, hotel.RandomAddress(_r));
                }

                if (_p.ConsumerVpn is not null && _r.Chance(_p.ConsumerVpnShare))
                {
                    return (_p.ConsumerVpn, _p.ConsumerVpn.Address((ulong)_r.Next(40)));
                }

                return (_p.MobileBlock, _p.MobileBlock.RandomAddress(_r));
            case Place.TravelHotel:
                if (_r.Chance(_p.CorporateVpnShare))
                {
                    return (_p.VpnHub, _p.VpnHub.Address((ulong)_r.Next(6)));
                }

                var block = world.Residential[s.City.Index][_r.Next(2)];
                return (block, block.Address(SimRandom.Hash(_p.Seed ^ (ulong)s.City.Index)));
            default:
                if (_r.Chance(_p.CorporateVpnShare) && device.Managed)
                {
                    return (_p.VpnHub, _p.VpnHub.Address((ulong)_r.Next(6)));
                }

                if (_p.ConsumerVpn is not null && _r.Chance(_p.ConsumerVpnShare * 0.3))
                {
                    return (_p.ConsumerVpn, _p.ConsumerVpn.Address((ulong)_r.Next(40)));
                }

                return (_p.HomeBlock, _p.HomeIp(s.Day));
        }
    }
}
