"""The examples in glassbox's docstrings run, and give what they show.

The standard `doctest` module is not in the interpreter (it pulls in `pdb` and more), so this
file carries a small runner of its own: it finds the `>>>` examples, runs each in the module's
namespace, and compares what it printed or returned with the lines that follow.
"""

import contextlib
import importlib
import inspect
import io
import re
import unittest

import _glassbox_platform


def modules_with_examples():
    """Every frozen framework module whose source holds a `>>>` example, found from the sources
    the runtime froze into the binary, so a new module's examples run without being listed."""
    names = []
    for path, source in _glassbox_platform.framework_sources():
        if not path.endswith(".py") or ">>>" not in source:
            continue
        name = path[:-len(".py")].replace("/", ".")
        names.append(name[:-len(".__init__")] if name.endswith(".__init__") else name)
    return sorted(names)


def docstrings(module):
    """The docstrings of a module and of the functions, classes and methods defined in it."""
    found = [module.__doc__ or ""]
    for value in vars(module).values():
        if getattr(value, "__module__", None) != module.__name__:
            continue
        found.append(getattr(value, "__doc__", None) or "")
        if inspect.isclass(value):
            for member in vars(value).values():
                member = getattr(member, "__func__", member)  # classmethod, staticmethod
                if callable(member) or isinstance(member, property):
                    found.append(member.__doc__ or "")
    return [text for text in found if ">>>" in text]


def examples(docstring):
    """(source, expected output) for each `>>>` example, with its `...` continuation lines."""
    lines = docstring.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip().startswith(">>>"):
            index += 1
            continue
        indent = line.index(">>>")
        source = [line[indent + 4:]]
        index += 1
        while index < len(lines) and lines[index].strip().startswith("..."):
            source.append(lines[index][indent + 4:])
            index += 1
        expected = []
        while index < len(lines) and lines[index].strip() \
                and not lines[index].strip().startswith(">>>"):
            expected.append(lines[index][indent:])
            index += 1
        yield "\n".join(source), "\n".join(expected)


def run_example(source, namespace):
    """What the interactive interpreter would show for `source`."""
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output):
            try:
                code = compile(source, "<docstring>", "eval")
            except SyntaxError:
                exec(compile(source + "\n", "<docstring>", "exec"), namespace)
            else:
                value = eval(code, namespace)
                if value is not None:
                    print(repr(value))
    except Exception as error:
        kind = type(error)
        return ("Traceback (most recent call last):\n  ...\n"
                f"{kind.__module__}.{kind.__qualname__}: {error}")
    return output.getvalue().rstrip("\n")


def shows(output, expected, source):
    """Whether `output` is what the example expects. With `# doctest: +ELLIPSIS` on the
    example, `...` in the expected text stands for any text (an object's address, say)."""
    if "+ELLIPSIS" not in source:
        return output == expected
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, output, re.DOTALL) is not None


class RunnerTest(unittest.TestCase):
    def test_runner_notices_a_wrong_example(self):
        (source, expected), = examples(">>> 1 + 1\n3\n")
        self.assertNotEqual(run_example(source, {}), expected)
        (source, expected), = examples(">>> 1 + 1\n2\n")
        self.assertEqual(run_example(source, {}), expected)

    def test_ellipsis_stands_for_any_text_only_when_asked(self):
        self.assertTrue(shows("<Cursor at 0x7f>", "<Cursor at 0x...>", "c  # doctest: +ELLIPSIS"))
        self.assertFalse(shows("<Cursor at 0x7f>", "<Cursor at 0x...>", "c"))
        self.assertFalse(shows("<Row>", "<Cursor at 0x...>", "c  # doctest: +ELLIPSIS"))


class DocstringExamplesTest(unittest.TestCase):
    def test_modules_are_found(self):
        found = modules_with_examples()
        for name in ["glassbox.clock", "glassbox.http", "glassbox.urls", "examples.polls"]:
            self.assertIn(name, found)

    def test_docstring_examples(self):
        for name in modules_with_examples():
            module = importlib.import_module(name)
            texts = docstrings(module)
            self.assertTrue(texts, f"no examples found in {name}")
            for text in texts:
                namespace = dict(vars(module))
                for source, expected in examples(text):
                    with self.subTest(module=name, example=source):
                        output = run_example(source, namespace)
                        self.assertTrue(shows(output, expected, source),
                                        f"expected:\n{expected}\ngot:\n{output}")


if __name__ == "__main__":
    unittest.main()
