"""Shared machinery of the kumoai contract stand-in: state, call recording, HTTP to the contract server."""
import json
import os
import urllib.error
import urllib.request

_client = {}


def state():
    with open(os.environ["KUMOAI_STANDIN_STATE"], encoding="utf-8") as f:
        return json.load(f)


def _plain(value):
    """A JSON-able picture of an argument (objects by class and their public fields)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=json.dumps) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "value") and type(value).__module__.startswith("kumoapi"):
        return value.value
    if hasattr(value, "__class__"):
        fields = {k: _plain(v) for k, v in vars(value).items() if not k.startswith("_")} if hasattr(value, "__dict__") else {}
        return {"__class__": type(value).__name__, **fields}
    return repr(value)


def record(call, **arguments):
    path = os.environ.get("KUMOAI_STANDIN_LOG")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps({"call": call, "args": _plain(arguments)}) + "\n")


def set_client(url, api_key):
    _client["url"] = url.rstrip("/")
    _client["api_key"] = api_key


def require_client():
    if "url" not in _client:
        raise ValueError("Client has not been initialized. Please call kumoai.init() first.")


def http(method, path, body=None):
    """A request to Kumo's REST API, as the SDK's KumoClient sends it (base `<url>/v1`, X-API-Key)."""
    require_client()
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        _client["url"] + "/v1" + path,
        data=data,
        method=method,
        headers={"X-API-Key": _client["api_key"], "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode("utf-8")
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        return error.code, None


def strict_attributes(cls):
    """Attributes the real class does not have cannot be set (a typo would be silently ignored otherwise)."""
    allowed = set(cls.__slots_allowed__)

    def __setattr__(self, name, value):
        if not name.startswith("_") and name not in allowed:
            raise AttributeError(f"{cls.__name__} has no attribute {name!r}")
        object.__setattr__(self, name, value)

    cls.__setattr__ = __setattr__
    return cls
