package corpus

import (
	"fmt"
	"strings"
)

var (
	adjectives = []string{"Active", "Archived", "Billing", "Compact", "Custom", "Daily", "Draft", "Featured", "Global",
		"Inline", "Linked", "Monthly", "Pending", "Primary", "Quick", "Recent", "Shared", "Smart", "Team", "Weekly"}
	nouns = []string{"Account", "Activity", "Invoice", "Booking", "Calendar", "Comment", "Customer", "Dashboard",
		"Document", "Event", "Feedback", "Invite", "Message", "Order", "Payment", "Product", "Project", "Report",
		"Review", "Schedule", "Task", "Ticket", "Upload", "Workspace"}
	widgets = []string{"Card", "List", "Table", "Form", "Panel", "Dialog", "Summary", "Chart", "Filter", "Header",
		"Row", "Tabs", "Badge", "Stepper", "Drawer"}
	uiNames = []string{"button", "card", "input", "label", "dialog", "badge", "tabs", "select", "tooltip", "avatar",
		"separator", "switch", "textarea", "checkbox", "popover", "sheet", "table", "skeleton", "progress", "alert"}
	fieldNames = []string{"title", "description", "status", "createdAt", "updatedAt", "ownerId", "amount", "dueDate",
		"priority", "tags", "email", "phone", "notes", "category", "rating", "quantity", "currency", "location"}
	fieldTypes = []string{"string", "number", "boolean", "string | null", "string[]", "Date"}
	icons      = []string{"Plus", "Trash2", "Pencil", "Search", "ChevronDown", "Check", "X", "Calendar", "User", "Settings"}
	tables     = []string{"projects", "tasks", "invoices", "bookings", "messages", "documents", "orders", "reviews"}
)

func (g *appGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// uniqueName returns a name from build that the app has not used,
// numbering it when all tries collide.
func (g *appGen) uniqueName(build func() string) string {
	for try := 0; try < 8; try++ {
		if n := build(); !g.used[n] {
			g.used[n] = true
			return n
		}
	}
	n := build()
	for i := 2; ; i++ {
		if c := fmt.Sprintf("%s%d", n, i); !g.used[c] {
			g.used[c] = true
			return c
		}
	}
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// fields returns a few distinct field names with types.
func (g *appGen) fields(n int) [][2]string {
	seen := map[string]bool{}
	var out [][2]string
	for len(out) < n {
		f := g.pick(fieldNames)
		if seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, [2]string{f, g.pick(fieldTypes)})
	}
	return out
}

// uiComponent writes a shadcn/ui-style primitive.
func (g *appGen) uiComponent() {
	base := g.uniqueName(func() string { return g.pick(uiNames) })
	comp := strings.ToUpper(base[:1]) + strings.ReplaceAll(base[1:], "-", "")
	var b strings.Builder
	fmt.Fprintf(&b, `import * as React from 'react';
import { cva, type VariantProps } from 'class-variance-authority';
import { cn } from '@/lib/utils';

const %[1]sVariants = cva(
  'inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-md text-sm font-medium transition-colors focus-visible:outline-none disabled:pointer-events-none disabled:opacity-50',
  {
    variants: {
      variant: {
        default: 'bg-primary text-primary-foreground hover:bg-primary/90',
        destructive: 'bg-destructive text-destructive-foreground hover:bg-destructive/90',
        outline: 'border border-input bg-background hover:bg-accent hover:text-accent-foreground',
        ghost: 'hover:bg-accent hover:text-accent-foreground',
      },
      size: {
        default: 'h-10 px-4 py-2',
        sm: 'h-9 rounded-md px-3',
        lg: 'h-11 rounded-md px-8',
      },
    },
    defaultVariants: { variant: 'default', size: 'default' },
  },
);

export interface %[2]sProps extends React.HTMLAttributes<HTMLDivElement>, VariantProps<typeof %[1]sVariants> {
  asChild?: boolean;
}

const %[2]s = React.forwardRef<HTMLDivElement, %[2]sProps>(({ className, variant, size, ...props }, ref) => (
  <div ref={ref} className={cn(%[1]sVariants({ variant, size, className }))} {...props} />
));
%[2]s.displayName = '%[2]s';
`, lowerFirst(comp), comp)
	for i := 0; i < 1+g.r.IntN(3); i++ {
		part := comp + g.pick([]string{"Header", "Content", "Footer", "Title", "Description", "Item"})
		if g.used[part] {
			continue
		}
		g.used[part] = true
		fmt.Fprintf(&b, `
const %[1]s = React.forwardRef<HTMLDivElement, React.HTMLAttributes<HTMLDivElement>>(({ className, ...props }, ref) => (
  <div ref={ref} className={cn('flex flex-col space-y-1.5 p-6', className)} {...props} />
));
%[1]s.displayName = '%[1]s';
`, part)
	}
	fmt.Fprintf(&b, "\nexport { %s, %sVariants };\n", comp, lowerFirst(comp))
	g.file("src/components/ui/"+base+".tsx", b.String())
}

// featureComponent writes a component that loads, filters and edits a
// list of records.
func (g *appGen) featureComponent() {
	noun := g.pick(nouns)
	name := g.uniqueName(func() string { return g.pick(adjectives) + noun + g.pick(widgets) })
	table := g.pick(tables)
	fields := g.fields(3 + g.r.IntN(4))
	icon1, icon2 := g.pick(icons), g.pick(icons)
	if icon1 == icon2 {
		icon2 = "MoreHorizontal"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { %s, %s } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { supabase } from '@/integrations/supabase/client';
import { useToast } from '@/hooks/use-toast';
import { formatDate } from '@/lib/utils';

interface %sItem {
  id: string;
`, icon1, icon2, noun)
	for _, f := range fields {
		fmt.Fprintf(&b, "  %s: %s;\n", f[0], f[1])
	}
	fmt.Fprintf(&b, `}

interface %[1]sProps {
  workspaceId: string;
  pageSize?: number;
  onSelect?: (item: %[2]sItem) => void;
}

export function %[1]s({ workspaceId, pageSize = 20, onSelect }: %[1]sProps) {
  const navigate = useNavigate();
  const { toast } = useToast();
  const [items, setItems] = useState<%[2]sItem[]>([]);
  const [query, setQuery] = useState('');
  const [loading, setLoading] = useState(true);
  const [page, setPage] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      setLoading(true);
      const { data, error } = await supabase
        .from('%[3]s')
        .select('*')
        .eq('workspace_id', workspaceId)
        .range(page * pageSize, (page + 1) * pageSize - 1);
      if (cancelled) return;
      if (error) {
        toast({ title: 'Could not load %[3]s', description: error.message, variant: 'destructive' });
      } else {
        setItems((data ?? []) as %[2]sItem[]);
      }
      setLoading(false);
    };
    load();
    return () => {
      cancelled = true;
    };
  }, [workspaceId, page, pageSize, toast]);

  const visible = useMemo(
    () => items.filter((item) => JSON.stringify(item).toLowerCase().includes(query.toLowerCase())),
    [items, query],
  );

  const handleDelete = async (id: string) => {
    const { error } = await supabase.from('%[3]s').delete().eq('id', id);
    if (error) {
      toast({ title: 'Delete failed', description: error.message, variant: 'destructive' });
      return;
    }
    setItems((prev) => prev.filter((item) => item.id !== id));
    toast({ title: 'Deleted' });
  };
`, name, noun, table)
	if g.r.IntN(50) == 0 {
		// Some components keep a UI preference in localStorage, which
		// holds a prefilter token but no session.
		fmt.Fprintf(&b, `
  const [compact, setCompact] = useState(() => localStorage.getItem('%[1]s.compact') === '1');
  const toggleCompact = () => {
    localStorage.setItem('%[1]s.compact', compact ? '0' : '1');
    setCompact(!compact);
  };
`, lowerFirst(name))
	}
	fmt.Fprintf(&b, `
  if (loading) {
    return <div className="p-6 text-sm text-muted-foreground">Loading…</div>;
  }

  return (
    <Card className="w-full">
      <CardHeader className="flex flex-row items-center justify-between gap-4">
        <h2 className="text-lg font-semibold">%[1]s</h2>
        <div className="flex items-center gap-2">
          <Input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search" className="w-48" />
          <Button size="sm" onClick={() => navigate('/%[2]s/new')}>
            <%[3]s className="h-4 w-4" /> New
          </Button>
        </div>
      </CardHeader>
      <CardContent>
        {visible.length === 0 ? (
          <p className="py-8 text-center text-sm text-muted-foreground">Nothing here yet.</p>
        ) : (
          <ul className="divide-y">
            {visible.map((item) => (
              <li key={item.id} className="flex items-center justify-between py-3" onClick={() => onSelect?.(item)}>
                <div className="flex flex-col">
`, name, strings.ToLower(noun), icon1)
	for _, f := range fields[:2] {
		fmt.Fprintf(&b, "                  <span className=\"text-sm\">{String(item.%s ?? '')}</span>\n", f[0])
	}
	fmt.Fprintf(&b, `                  <span className="text-xs text-muted-foreground">{formatDate(new Date())}</span>
                </div>
                <Button variant="ghost" size="sm" onClick={() => handleDelete(item.id)}>
                  <%s className="h-4 w-4" />
                </Button>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="outline" size="sm" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            Previous
          </Button>
          <Button variant="outline" size="sm" disabled={items.length < pageSize} onClick={() => setPage((p) => p + 1)}>
            Next
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
`, icon2)
	g.file("src/components/"+strings.ToLower(noun)+"/"+name+".tsx", b.String())
	g.components = append(g.components, strings.ToLower(noun)+"/"+name)
}

// page writes a route component that composes feature components.
func (g *appGen) page() {
	name := g.uniqueName(func() string { return g.pick(nouns) + g.pick([]string{"Page", "Overview", "Details", "Admin"}) })
	var imports, body strings.Builder
	n := 0
	for i := 0; i < 3 && i < len(g.components); i++ {
		c := g.components[g.r.IntN(len(g.components))]
		comp := c[strings.LastIndexByte(c, '/')+1:]
		if strings.Contains(imports.String(), " "+comp+" ") {
			continue
		}
		fmt.Fprintf(&imports, "import { %s } from '@/components/%s';\n", comp, c)
		fmt.Fprintf(&body, "          <%s workspaceId={workspaceId} onSelect={(item) => setSelected(item.id)} />\n", comp)
		n++
	}
	var b strings.Builder
	fmt.Fprintf(&b, `import { useState } from 'react';
import { useParams, useNavigate } from 'react-router-dom';
import { Button } from '@/components/ui/button';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
%s
export default function %s() {
  const { workspaceId = '' } = useParams();
  const navigate = useNavigate();
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState('overview');

  const openSelected = () => {
    if (selected) navigate('/items/' + selected);
  };

  return (
    <div className="container mx-auto space-y-6 py-8">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold">%s</h1>
        <Button onClick={openSelected} disabled={!selected}>Open</Button>
      </div>
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList>
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="activity">Activity</TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="grid gap-6 md:grid-cols-2">
%s        </TabsContent>
        <TabsContent value="activity">
          <p className="text-sm text-muted-foreground">{%d} sections</p>
        </TabsContent>
      </Tabs>
    </div>
  );
}
`, imports.String(), name, name, body.String(), n)
	g.file("src/pages/"+name+".tsx", b.String())
}

// hook writes a data hook built on React Query.
func (g *appGen) hook() {
	noun := g.pick(nouns)
	name := g.uniqueName(func() string { return "use" + g.pick(adjectives) + noun + "s" })
	table := g.pick(tables)
	g.file("src/hooks/"+name+".ts", fmt.Sprintf(`import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { supabase } from '@/integrations/supabase/client';

export interface %[2]sFilter {
  search?: string;
  limit?: number;
  includeArchived?: boolean;
}

export function %[1]s(workspaceId: string, filter: %[2]sFilter = {}) {
  const queryClient = useQueryClient();
  const key = ['%[3]s', workspaceId, filter];

  const query = useQuery({
    queryKey: key,
    queryFn: async () => {
      let request = supabase.from('%[3]s').select('*').eq('workspace_id', workspaceId);
      if (!filter.includeArchived) request = request.is('archived_at', null);
      if (filter.search) request = request.ilike('name', '%%' + filter.search + '%%');
      const { data, error } = await request.limit(filter.limit ?? 50);
      if (error) throw error;
      return data;
    },
    enabled: Boolean(workspaceId),
  });

  const remove = useMutation({
    mutationFn: async (id: string) => {
      const { error } = await supabase.from('%[3]s').delete().eq('id', id);
      if (error) throw error;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  return { ...query, remove: remove.mutate, removing: remove.isPending };
}
`, name, noun, table))
	g.hooks = append(g.hooks, name)
}

// library writes pure helper functions.
func (g *appGen) library() {
	noun := g.pick(nouns)
	name := g.uniqueName(func() string {
		return lowerFirst(noun) + g.pick([]string{"Utils", "Format", "Validation", "Api", "Helpers"})
	})
	fields := g.fields(3)
	var b strings.Builder
	fmt.Fprintf(&b, `const API_BASE = import.meta.env.VITE_API_URL ?? '/api';

export interface %[1]sInput {
`, noun)
	for _, f := range fields {
		fmt.Fprintf(&b, "  %s?: %s;\n", f[0], f[1])
	}
	fmt.Fprintf(&b, `}

export function validate%[1]s(input: %[1]sInput): string[] {
  const errors: string[] = [];
`, noun)
	for _, f := range fields {
		fmt.Fprintf(&b, "  if (input.%[1]s === undefined) errors.push('%[1]s is required');\n", f[0])
	}
	fmt.Fprintf(&b, `  return errors;
}

export function %[2]sLabel(count: number): string {
  return count === 1 ? '1 %[2]s' : count + ' %[2]ss';
}

export async function fetch%[1]s(id: string, signal?: AbortSignal) {
  const response = await fetch(API_BASE + '/%[2]ss/' + encodeURIComponent(id), { signal });
  if (!response.ok) {
    throw new Error('Request failed with status ' + response.status);
  }
  return (await response.json()) as %[1]sInput;
}

export function sortBy<T>(items: T[], pick: (item: T) => string | number, descending = false): T[] {
  return [...items].sort((a, b) => {
    const x = pick(a);
    const y = pick(b);
    if (x === y) return 0;
    return (x < y ? -1 : 1) * (descending ? -1 : 1);
  });
}
`, noun, strings.ToLower(noun))
	g.file("src/lib/"+name+".ts", b.String())
}

// types writes type declarations.
func (g *appGen) types() {
	noun := g.pick(nouns)
	name := g.uniqueName(func() string { return lowerFirst(noun) + g.pick([]string{"Types", "Models", "Schema"}) })
	var b strings.Builder
	fmt.Fprintf(&b, "export type %sStatus = 'draft' | 'active' | 'archived';\n\nexport interface %s {\n  id: string;\n", noun, noun)
	for _, f := range g.fields(4 + g.r.IntN(4)) {
		fmt.Fprintf(&b, "  %s: %s;\n", f[0], f[1])
	}
	fmt.Fprintf(&b, "  status: %sStatus;\n}\n\nexport type %sSummary = Pick<%s, 'id' | 'status'> & { total: number };\n", noun, noun, noun)
	g.file("src/types/"+name+".ts", b.String())
}
