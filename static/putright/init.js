// Starts GOV.UK Frontend's components. Loaded as a module, so browsers too old to run
// GOV.UK Frontend's JavaScript never run it and get the plain HTML pages instead.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
