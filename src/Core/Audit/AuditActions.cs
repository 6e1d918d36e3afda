namespace GoLive.Core.Audit;

/// <summary>
/// Audit action names for events that are not themselves commands. Commands are audited under their
/// <see cref="Identity.Commands"/> name or a more specific action chosen by their service.
/// </summary>
public static class AuditActions
{
    public const string SignIn = "SignIn";
    public const string SignOut = "SignOut";
    public const string CreateUser = "CreateUser";
    public const string DisableUser = "DisableUser";
    public const string EnableUser = "EnableUser";
    public const string SetUserAccess = "SetUserAccess";
    public const string ResetPassword = "ResetPassword";
    public const string ListUsers = "ListUsers";
    public const string MintApiKey = "MintApiKey";
    public const string RevokeApiKey = "RevokeApiKey";
    public const string ListApiKeys = "ListApiKeys";
    public const string ListSessions = "ListSessions";
    public const string EndSessions = "EndSessions";
    public const string RecoverAdmin = "RecoverAdmin";

    /// <summary>A color's version, unknown to the inventory, recorded from what its nodes report.</summary>
    public const string InventoryLearned = "InventoryLearned";

    /// <summary>A standalone gateway replica reported for the first time since the control room started.</summary>
    public const string GatewayConnected = "GatewayConnected";
}
