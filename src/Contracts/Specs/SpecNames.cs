namespace Orchestrator.Contracts.Specs;

/// <summary>The names a job spec may use for each kind of thing (the engine maps each to its implementation).</summary>
public static class SpecNames
{
    public const string GaussianMixture = "gaussian-mixture";
    public const string Ddpm = "ddpm";
    public const string Ddim = "ddim";
    public const string Exact = "exact";
    public const string Fk = "fk";
    public const string BestOfN = "best-of-n";
    public const string SvddPm = "svdd-pm";
    public const string SvddMc = "svdd-mc";
    public const string RandomSearch = "random-search";
    public const string ZeroOrderSearch = "zero-order-search";
    public const string PathSearch = "path-search";
    public const string Fkc = "fkc";
    public const string Sde = "sde";
    public const string Linear = "linear";
    public const string Distance = "distance";
    public const string Classifier = "classifier";
    public const string Brightness = "brightness";
    public const string Symmetry = "symmetry";
    public const string Regex = "regex";
    public const string Length = "length";
    public const string Onnx = "onnx";
    public const string Plugin = "plugin";
    public const string Remote = "remote";
    public const string WeightedSum = "weighted-sum";
    public const string Rank = "rank";
    public const string Masked = "masked";

    public static readonly IReadOnlyList<string> ModelKinds = [GaussianMixture];
    public static readonly IReadOnlyList<string> SamplerKinds = [Ddpm, Ddim, Exact, Sde, Masked];
    public static readonly IReadOnlyList<string> Schedules = ["linear", "cosine"];
    public static readonly IReadOnlyList<string> Parameterisations = ["x0", "epsilon", "v"];
    public static readonly IReadOnlyList<string> MethodKinds = [Fk, BestOfN, SvddPm, SvddMc, RandomSearch, ZeroOrderSearch, PathSearch, Fkc];
    public static readonly IReadOnlyList<string> Potentials = ["difference", "max", "sum", "immediate"];
    public static readonly IReadOnlyList<string> Resamplers = ["systematic", "stratified", "multinomial", "residual"];
    public static readonly IReadOnlyList<string> RewardKinds = [Linear, Distance, Classifier, Brightness, Symmetry, Regex, Length, Onnx, Plugin, Remote, WeightedSum, Rank];
}
