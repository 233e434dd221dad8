"""A convolution-arithmetic calculator that works on the static site (no kernel).

Number fields for ``i, k, s, p, d, a`` and three results updated as you type:
the convolution's output size, the remainder ``a`` that recovers ``i``, and
the output size of a transposed convolution that reads ``i`` cells. The
JavaScript expressions are generated from :data:`.formulas.TEMPLATES`, the
same templates that are tested against the library, so the calculator cannot
drift from :func:`tconv_lib.conv_output_size` and friends. Its Python twin is
:func:`.formulas.output_sizes`.
"""

from __future__ import annotations

import hashlib
import json

from ._text import pretty
from .formulas import TEMPLATES, template_to_javascript
from .player import HtmlBlock

__all__ = ["size_calculator"]

_FIELDS = (("i", "input size i", 1), ("k", "kernel size k", 1), ("s", "stride s", 1),
           ("p", "padding p", 0), ("d", "dilation d", 1), ("a", "output padding a", 0))

_SCRIPT = """(function(){var C=document.currentScript,
R=document.getElementById("__ID__")||(C&&C.parentNode);
if(!R||R.getAttribute("data-ready"))return;R.setAttribute("data-ready","1");
var T=__PRETTY__;
function f_conv(i,k,s,p,d,a){return __CONV__;}
function ok_conv(i,k,s,p,d,a){return __CONV_VALID__;}
function f_rem(i,k,s,p,d,a){return __REMAINDER__;}
function f_tr(i,k,s,p,d,a){return __TRANSPOSED__;}
function ok_tr(i,k,s,p,d,a){return __TRANSPOSED_VALID__;}
function fill(t,v){return t.replace(/\\b([ikspda])\\b/g,function(m,c){return String(v[c]);});}
function out(n,text){R.querySelector(".r-"+n).textContent=text;}
function update(){var v={},bad=[];
["i","k","s","p","d","a"].forEach(function(n){var e=R.querySelector("input[name="+n+"]");
var x=Number(e.value),lo=+e.min;
if(e.value===""||!Number.isInteger(x)||x<lo){bad.push(n+" \\u2265 "+lo);}
v[n]=x;});
if(bad.length){out("conv","enter whole numbers: "+bad.join(", "));out("rem","");out("tr","");
return;}
var i=v.i,k=v.k,s=v.s,p=v.p,d=v.d,a=v.a;
if(ok_conv(i,k,s,p,d,a)){var o=f_conv(i,k,s,p,d,a),r=f_rem(i,k,s,p,d,a);
out("conv","o = "+T.conv+" = "+fill(T.conv,v)+" = "+o);
out("rem","a = "+T.rem+" = "+fill(T.rem,v)+" = "+r+": the transposed convolution of these "+o+
" cells with output_padding "+r+" has "+f_tr(o,k,s,p,d,r)+" = i cells");}
else{out("conv","undefined: the dilated kernel, d(k \\u2212 1) + 1 = "+(d*(k-1)+1)+
", is larger than the padded input, i + 2p = "+(i+2*p));out("rem","");}
if(!ok_tr(i,k,s,p,d,a)){out("tr","undefined: output padding a must be smaller than max(s, d) = "+
Math.max(s,d));}
else{var t=f_tr(i,k,s,p,d,a);out("tr",t<1?"undefined: the size "+t+" is below 1 (reduce p)":
"o = "+T.tr+" = "+fill(T.tr,v)+" = "+t);}}
R.addEventListener("input",update);update();})();"""


def size_calculator(i: int = 6, k: int = 3, s: int = 2, p: int = 1, d: int = 1, a: int = 0,
                    calculator_id: str | None = None) -> HtmlBlock:
    """The kernel-free size calculator as an HTML block, with initial values.

    Examples
    --------
    >>> calc = size_calculator(calculator_id="calc")
    >>> "Math.floor((i + 2*p - d*(k - 1) - 1) / s) + 1" in calc.html
    True
    """
    initial = {"i": i, "k": k, "s": s, "p": p, "d": d, "a": a}
    for (name, _, low) in _FIELDS:
        value = initial[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an integer >= {low}, got {value!r}")
        if value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    if calculator_id is not None and (not isinstance(calculator_id, str) or not
                                      calculator_id.replace("-", "").replace("_", "").isalnum()):
        raise ValueError(f"calculator_id must be letters, digits, '-' or '_', "
                         f"got {calculator_id!r}")
    if calculator_id is None:
        digest = hashlib.sha1(repr(initial).encode()).hexdigest()[:8]
        calculator_id = f"tcvc-{digest}"
    forms = json.dumps({"conv": pretty(TEMPLATES["conv_output"]),
                         "rem": pretty(TEMPLATES["remainder"]),
                         "tr": pretty(TEMPLATES["transposed_output"])}, ensure_ascii=False)
    script = _SCRIPT
    for marker, name in (("__CONV__", "conv_output"), ("__CONV_VALID__", "conv_valid"),
                         ("__REMAINDER__", "remainder"), ("__TRANSPOSED__", "transposed_output"),
                         ("__TRANSPOSED_VALID__", "transposed_valid")):
        script = script.replace(marker, template_to_javascript(TEMPLATES[name]))
    script = script.replace("__PRETTY__", forms).replace("__ID__", calculator_id)
    label_style = "display:inline-flex;flex-direction:column;font-size:12px;margin:0 8px 6px 0"
    fields = "".join(
        f'<label style="{label_style}">'
        f'{label}<input type="number" name="{name}" min="{low}" step="1" value="{initial[name]}" '
        f'style="width:5em"></label>' for name, label, low in _FIELDS)
    results = (
        '<dl style="margin:6px 0 0;font-size:13px" aria-live="polite">'
        '<dt>convolution of i cells</dt><dd class="r-conv"></dd>'
        '<dt>the remainder (output padding that recovers i)</dt><dd class="r-rem"></dd>'
        '<dt>transposed convolution of i cells with output padding a</dt><dd class="r-tr"></dd>'
        "</dl>")
    html = (f'<form id="{calculator_id}" class="tcv-calculator" onsubmit="return false" '
            'style="border:1px solid #8a969c;border-radius:6px;padding:8px 10px;max-width:44em">'
            '<fieldset style="border:0;padding:0;margin:0">'
            '<legend style="font-weight:bold;font-size:1.1em">'
            f"Output-size calculator</legend>{fields}</fieldset>{results}"
            f"<script>{script}</script></form>")
    return HtmlBlock(html)
