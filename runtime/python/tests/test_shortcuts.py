"""Shortcuts over the ORM: get_object_or_404 turns DoesNotExist into a 404."""

import unittest

from glassbox.db import connection, models
from glassbox.db.schema import create_tables
from glassbox.http import Http404
from glassbox.shortcuts import get_object_or_404


class Planet(models.Model):
    name = models.CharField(max_length=20)


class GetObjectOr404Test(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_tables(connection, [Planet])
        self.earth = Planet.objects.create(name="Earth")

    def test_finds_through_a_model_a_manager_or_a_queryset(self):
        self.assertEqual(get_object_or_404(Planet, pk=self.earth.pk).name, "Earth")
        self.assertEqual(get_object_or_404(Planet.objects, name="Earth").pk, self.earth.pk)
        self.assertEqual(get_object_or_404(Planet.objects.filter(name="Earth"), pk=self.earth.pk).pk, self.earth.pk)

    def test_a_missing_object_is_a_404_that_says_what_was_looked_for(self):
        with self.assertRaises(Http404) as caught:
            get_object_or_404(Planet, pk=99)
        self.assertEqual(str(caught.exception), "No Planet matches pk=99.")

    def test_a_plain_mapping_works_with_a_key(self):
        self.assertEqual(get_object_or_404({1: "one"}, 1), "one")
        with self.assertRaises(Http404):
            get_object_or_404({1: "one"}, 2)


if __name__ == "__main__":
    unittest.main()
