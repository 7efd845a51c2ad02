# Generates UnicodeScripts.cs, from this folder: perl UnicodeScripts.pl > UnicodeScripts.cs
use Unicode::UCD qw(prop_values prop_invlist prop_value_aliases);
my $ver = Unicode::UCD::UnicodeVersion();
print "namespace Vigil.Cel.Runtime;\n\n";
print "/// <summary>\n/// Unicode scripts for RE2's <c>\\p{Greek}</c> (.NET has Unicode blocks, not scripts): for each script an inversion list\n/// (hexadecimal code points where membership starts, ends, starts, ...). Generated from the Unicode $ver Script\n/// property with Perl's Unicode::UCD (UnicodeScripts.pl beside this file); do not edit by hand.\n/// </summary>\n";
print "internal static class UnicodeScripts\n{\n    public const string Data = \"\"\"\n";
for my $v (sort { (prop_value_aliases("Script",$a))[1] cmp (prop_value_aliases("Script",$b))[1] } prop_values("Script")) {
  my @al = prop_value_aliases("Script",$v); my $name = $al[1];
  next if !defined($name) || $name eq "" || $name eq "Unknown";
  my @l = prop_invlist("Script=$v");
  print "        $name:", join(" ", map { sprintf("%X", $_) } @l), "\n";
}
print "        \"\"\";\n}\n";
