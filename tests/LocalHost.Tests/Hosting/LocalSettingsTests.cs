using McpOrchestrator.LocalHost.Hosting;

namespace McpOrchestrator.LocalHost.Tests.Hosting;

public sealed class LocalSettingsTests
{
    [Fact]
    public void Load_OnlySampleExists_ReadsTheSample()
    {
        var directory = Directory.CreateTempSubdirectory("localhost-settings-").FullName;
        File.WriteAllText(Path.Combine(directory, LocalSettings.SampleFileName), """
            { "Values": { "A": "1", "Flag": true }, "Host": { "LocalHttpPort": 7123, "CORS": "http://a.example/, http://b.example", "CORSCredentials": true } }
            """);

        var settings = LocalSettings.Load(directory);

        Assert.EndsWith(LocalSettings.SampleFileName, settings.Source, StringComparison.Ordinal);
        Assert.Equal("1", settings.Values["A"]);
        Assert.Equal("true", settings.Values["Flag"]);
        Assert.Equal(7123, settings.LocalHttpPort);
        Assert.Equal(["http://a.example", "http://b.example"], settings.CorsOrigins);
        Assert.True(settings.CorsCredentials);
    }

    [Fact]
    public void Load_BothExist_PrefersLocalSettings()
    {
        var directory = Directory.CreateTempSubdirectory("localhost-settings-").FullName;
        File.WriteAllText(Path.Combine(directory, LocalSettings.SampleFileName), """{ "Values": { "A": "sample" } }""");
        File.WriteAllText(Path.Combine(directory, LocalSettings.FileName), """{ "Values": { "A": "local" } }""");

        Assert.Equal("local", LocalSettings.Load(directory).Values["A"]);
    }

    [Fact]
    public void Parse_BadPort_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<HostStartupException>(() => LocalSettings.Parse("""{ "Host": { "LocalHttpPort": "x" } }""", "local.settings.json"));

        Assert.Contains("Host.LocalHttpPort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostJson_Overrides_AppSettingsWinOverTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("localhost-hostjson-").FullName;
        File.WriteAllText(Path.Combine(directory, HostJson.FileName), """{ "version": "2.0", "functionTimeout": "00:10:00", "extensions": { "http": { "routePrefix": "" } } }""");

        var hostJson = HostJson.Load(directory, new Dictionary<string, string> { ["AzureFunctionsJobHost__functionTimeout"] = "00:00:05" });

        Assert.Equal(TimeSpan.FromSeconds(5), hostJson.FunctionTimeout);
        Assert.Equal(string.Empty, hostJson.RoutePrefix);
        Assert.Equal("api", HostJson.Parse("{}", "host.json").RoutePrefix);
        Assert.Null(HostJson.Parse("{}", "host.json").FunctionTimeout);
    }
}
