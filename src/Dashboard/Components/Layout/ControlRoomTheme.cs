using MudBlazor;

namespace GoLive.Dashboard.Components.Layout;

/// <summary>The product's theme. System fonts only: the control room must work with no internet.</summary>
public static class ControlRoomTheme
{
    public static readonly MudTheme Theme = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
