namespace Orchestrator.Silo.Tests;

/// <summary>GETs a health endpoint until it answers the status wanted, or a deadline passes (then the last answer is returned).</summary>
static class HttpProbe
{
    public static async Task<(int Status, string Body)> UntilAsync(HttpClient http, string path, int wanted, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var last = (Status: 0, Body: "no answer");
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(path);
                last = ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
                if (last.Status == wanted) return last;
            }
            catch (HttpRequestException e)
            {
                last = (0, e.Message);
            }
            await Task.Delay(20);
        }
        return last;
    }
}
