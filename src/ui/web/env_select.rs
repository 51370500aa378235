use yew::prelude::*;

use crate::platform::Environment;
use crate::ui::state::{more_environments, PUBLIC_ENVIRONMENTS};

/// The options of an environment list: the ones outside developers use (INT, production,
/// sandbox), then, when `more` is open or one of them is chosen, the NHS-internal ones.
pub fn options(selected: Option<Environment>, more: bool) -> Html {
    let option =
        |e: &Environment| html! { <option value={e.label()} selected={selected == Some(*e)}>{ e.name() }</option> };
    let internal = more || selected.is_some_and(|s| !PUBLIC_ENVIRONMENTS.contains(&s));
    html! {
        <>
            { for PUBLIC_ENVIRONMENTS.iter().map(option) }
            if internal {
                <optgroup label="NHS-internal environments">{ for more_environments().map(|e| option(&e)) }</optgroup>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct MoreProps {
    /// The list it opens (its id).
    pub controls: AttrValue,
    pub open: bool,
    pub on_toggle: Callback<()>,
}

/// The "more" disclosure under an environment list: shows or hides the NHS-internal ones.
#[function_component(MoreEnvironments)]
pub fn more_environments_button(props: &MoreProps) -> Html {
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button type="button" class="more-envs" title="Development, DEP and the NHS-internal environments" aria-expanded={if props.open { "true" } else { "false" }} aria-controls={props.controls.clone()} {onclick}>
            { if props.open { "Fewer environments" } else { "More environments" } }
        </button>
    }
}
