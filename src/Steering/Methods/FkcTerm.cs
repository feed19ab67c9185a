using Orchestrator.Steering.Models;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// One factor q_i^beta_i of an FK-corrector target prod_i q_i(x)^beta_i: a model, its exponent, and
/// whether it is asked for each particle's class (the conditional branch) or for no class.
/// Annealing is one term with beta; a product two terms with beta 1; guidance with weight w the
/// conditional term with w and the unconditional term with 1 - w.
/// </summary>
public sealed record FkcTerm(IDenoiser Model, double Beta, bool Conditional = false);
