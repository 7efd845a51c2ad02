namespace Vigil.Lab.Simulation;

/// <summary>The shape of the simulated company: departments, roles, and the resources each role needs.</summary>
internal static class OrgCatalog
{
    public static readonly DepartmentSpec[] Departments =
    [
        new("Engineering", "eng", 0.25, Sensitivity.High,
        [
            new("software-engineer", 0.70, false, 0.0, 0.1, ["source-repo", "ci-cd"]),
            new("sre", 0.15, false, 0.15, 0.1, ["source-repo", "ci-cd", "cloud-console"], IsAdmin: true),
            new("engineering-manager", 0.10, true, 0.0, 0.4, ["source-repo"]),
            new("security-engineer", 0.05, false, 0.0, 0.2, ["source-repo", "cloud-console", "idp-admin"], IsAdmin: true),
        ]),
        new("Sales", "sales", 0.15, Sensitivity.Medium,
        [
            new("account-executive", 0.60, false, 0.0, 1.5, ["crm"]),
            new("sales-engineer", 0.25, false, 0.0, 1.2, ["crm", "source-repo"]),
            new("sales-manager", 0.15, true, 0.0, 1.5, ["crm"]),
        ]),
        new("Support", "support", 0.12, Sensitivity.Medium,
        [
            new("support-agent", 0.80, false, 0.30, 0.0, ["ticketing", "crm"]),
            new("support-manager", 0.20, true, 0.10, 0.2, ["ticketing", "crm"]),
        ]),
        new("Operations", "ops", 0.08, Sensitivity.Medium,
        [
            new("operations-analyst", 0.70, false, 0.30, 0.1, ["ticketing", "data-warehouse"]),
            new("operations-manager", 0.30, true, 0.05, 0.4, ["ticketing", "data-warehouse"]),
        ]),
        new("Finance", "fin", 0.07, Sensitivity.Critical,
        [
            new("accountant", 0.60, false, 0.0, 0.05, ["payroll"]),
            new("financial-analyst", 0.25, false, 0.0, 0.1, ["data-warehouse", "payroll"]),
            new("finance-manager", 0.15, true, 0.0, 0.4, ["payroll", "data-warehouse"]),
        ]),
        new("HR", "hr", 0.05, Sensitivity.Critical,
        [
            new("hr-partner", 0.60, false, 0.0, 0.2, ["hr-records"]),
            new("recruiter", 0.30, false, 0.0, 0.6, ["hr-records"]),
            new("hr-manager", 0.10, true, 0.0, 0.3, ["hr-records", "payroll"]),
        ]),
        new("Marketing", "mkt", 0.08, Sensitivity.Low,
        [
            new("marketing-specialist", 0.75, false, 0.0, 0.4, ["crm"]),
            new("marketing-manager", 0.25, true, 0.0, 0.8, ["crm"]),
        ]),
        new("Legal", "legal", 0.03, Sensitivity.Critical,
        [
            new("counsel", 0.80, false, 0.0, 0.3, ["legal-vault"]),
            new("legal-manager", 0.20, true, 0.0, 0.5, ["legal-vault", "board-share"]),
        ]),
        new("IT", "it", 0.07, Sensitivity.High,
        [
            new("it-admin", 0.30, false, 0.20, 0.1, ["idp-admin", "cloud-console", "firewall-admin", "ticketing"], IsAdmin: true),
            new("helpdesk", 0.55, false, 0.25, 0.0, ["ticketing", "idp-admin"], IsAdmin: true),
            new("it-manager", 0.15, true, 0.0, 0.3, ["ticketing", "idp-admin"], IsAdmin: true),
        ]),
        new("Research", "research", 0.08, Sensitivity.High,
        [
            new("data-scientist", 0.60, false, 0.0, 0.2, ["data-warehouse", "source-repo"]),
            new("researcher", 0.30, false, 0.0, 0.5, ["data-warehouse"]),
            new("research-manager", 0.10, true, 0.0, 0.6, ["data-warehouse", "source-repo"]),
        ]),
        new("Executive", "exec", 0.02, Sensitivity.Critical,
        [
            new("executive", 1.0, true, 0.0, 2.5, ["board-share", "crm", "payroll"]),
        ]),
    ];

    public static readonly string[] FirstNames =
    [
        "anna", "ben", "carla", "david", "elena", "felix", "grace", "hugo", "ines", "jonas", "kavya", "liam", "maria",
        "noah", "olivia", "pavel", "qing", "rahul", "sofia", "tomas", "uma", "victor", "wei", "xenia", "yusuf", "zoe",
        "aiko", "bruno", "chen", "dara", "emre", "fatima", "gustav", "hana", "ivan", "julia", "kofi", "lena", "marco",
        "nadia", "oscar", "priya", "rosa", "sami", "tara", "ulrich", "vera", "omar", "lucia", "arjun", "mei", "sven",
    ];

    public static readonly string[] LastNames =
    [
        "schmidt", "smith", "garcia", "muller", "johnson", "rossi", "kowalski", "nguyen", "patel", "kim", "silva",
        "martin", "bernard", "tanaka", "ivanova", "brown", "lopez", "wilson", "fischer", "weber", "dubois", "singh",
        "chen", "wang", "costa", "novak", "larsen", "jensen", "okafor", "mensah", "haddad", "cohen", "sato", "park",
        "fernandes", "moreau", "lambert", "bauer", "hoffmann", "andersson", "nielsen", "murphy", "kelly", "walsh",
    ];

    /// <summary>Usernames in a typical combo list that do not exist in this directory.</summary>
    public static readonly string[] ComboListStems =
    [
        "admin", "test", "info", "john.doe", "jsmith", "support", "sales", "mike", "sarah", "dave", "office", "user",
        "helpdesk", "backup", "scanner", "ceo", "hr", "finance", "marketing", "dev", "root", "guest", "service",
    ];
}
